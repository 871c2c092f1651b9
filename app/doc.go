// Package app is Marginalia's desktop GUI, built with Fyne. It knows the
// domain (annotate) and the store; nothing below it knows the GUI.
package app
