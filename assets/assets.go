// Package assets holds what Marginalia bundles into its binary: the
// application icon and the sample article offered on first start.
package assets

import (
	"bytes"
	_ "embed"
)

var (
	//go:embed icon.png
	icon []byte
	//go:embed sample.md
	sample []byte
)

// Icon returns the application icon as PNG bytes.
func Icon() []byte { return bytes.Clone(icon) }

// Version is Marginalia's version, as in FyneApp.toml.
const Version = "0.1.0"

// SampleName is the file name of the sample article, which tells its format.
const SampleName = "sample.md"

// Sample returns the sample article, a Markdown news story written for
// Marginalia.
func Sample() []byte { return bytes.Clone(sample) }
