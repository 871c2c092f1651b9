// Package csvexport writes annotations as CSV for spreadsheets: one row
// per annotation under a header row, RFC 4180 (comma-separated, fields
// with commas, quotes or line breaks quoted, CRLF line endings), UTF-8.
//
// Formula injection: a spreadsheet runs a cell that starts with =, +, -
// or @ as a formula, and some treat a leading tab or carriage return the
// same way, so a hostile article title or quote could run commands on the
// analyst's machine (CSV injection). Every cell that starts with one of
// these characters is written with a leading apostrophe ('), which
// spreadsheets read as "this is text": a note "-5% on last year" is written
// as "'-5% on last year". Scripts reading the file should strip one
// leading apostrophe from such cells.
package csvexport
