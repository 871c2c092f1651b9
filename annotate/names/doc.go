// Package names finds speakers who may be one person under two records:
// names that differ only in case or accents, hyphens or spaces, the order
// of family and given names, or initials, or that match through a known
// alias.
package names
