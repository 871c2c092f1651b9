// Package assets holds what Marginalia bundles into its binary: the
// application icon and the sample article offered on first start.
package assets

import _ "embed"

//go:embed icon.png
var icon []byte

// Icon returns the application icon as PNG bytes.
func Icon() []byte { return icon }
