// Package action holds every user action of Marginalia once, below both of
// its faces: the workbench window (package app) and the command line
// (cmd/marginalia/cli) call the same functions to import articles,
// highlight and attribute passages, edit, link, delete, merge and export.
//
// An action is one undoable store transaction (store.Store.Do) with a
// label that says what it did ("Create claim “Kim is likely…”"), so undo
// messages are specific and a command run while the window is open
// appears in its undo history. Validation stays in annotate, storage in
// store; this package decides what a use case means: which speaker a
// typed name is, what an export may overwrite, what a merge reads.
//
// The package imports no GUI toolkit and builds without cgo.
package action
