package report

import (
	"image/color"
	"math"
	"testing"
)

// cielab converts an sRGB colour to CIELAB (D65).
func cielab(c color.RGBA) [3]float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	r, g, b := lin(c.R), lin(c.G), lin(c.B)
	x := (0.4124*r + 0.3576*g + 0.1805*b) / 0.95047
	y := 0.2126*r + 0.7152*g + 0.0722*b
	z := (0.0193*r + 0.1192*g + 0.9505*b) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

// Twenty clusters get twenty colours, each clearly apart from the others
// and from the white page; the first twelve are those of the old
// twelve-colour palette, so small reports look as before.
func TestPaletteDistinct(t *testing.T) {
	t.Parallel()
	old := []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
		"#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#1a237e", "#d4a000"}
	for i, want := range old {
		if got := hexColor(ClusterColor(i)); got != want {
			t.Errorf("ClusterColor(%d) = %s, want %s as before", i, got, want)
		}
	}
	const n = 20
	seen := map[color.RGBA]int{}
	for i := range n {
		c := ClusterColor(i)
		if j, dup := seen[c]; dup {
			t.Errorf("clusters %d and %d share %s", j, i, hexColor(c))
		}
		seen[c] = i
		// Lightness below 88: visible as a small marker on white.
		if l := cielab(c)[0]; l > 88 {
			t.Errorf("ClusterColor(%d) %s is too light (L* %.1f)", i, hexColor(c), l)
		}
		for j := range i {
			a, b := cielab(ClusterColor(i)), cielab(ClusterColor(j))
			// 25: a little below Tableau 10's own closest pair (purple
			// and pink, ΔE*76 27.7).
			if d := math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2])); d < 25 {
				t.Errorf("clusters %d and %d: %s and %s are ΔE %.1f apart, want at least 25", j, i,
					hexColor(ClusterColor(j)), hexColor(ClusterColor(i)), d)
			}
		}
		if s := clusterShapeName(i); s != "●" {
			t.Errorf("cluster %d has marker %s, want ● (own colour)", i, s)
		}
	}
	// Beyond twenty, colours repeat with another marker.
	for _, tt := range []struct {
		i     int
		shape string
	}{{20, "■"}, {39, "■"}, {40, "▲"}, {-1, "×"}} {
		if tt.i >= 0 && ClusterColor(tt.i) != ClusterColor(tt.i%n) {
			t.Errorf("ClusterColor(%d) does not repeat ClusterColor(%d)", tt.i, tt.i%n)
		}
		if s := clusterShapeName(tt.i); s != tt.shape {
			t.Errorf("cluster %d has marker %s, want %s", tt.i, s, tt.shape)
		}
	}
}
