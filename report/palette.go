package report

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/vg/draw"
)

// categorical holds twenty colours that stay apart from one another on a
// white background: Tableau's ten, then navy and a dark yellow (as before
// the palette grew, so that reports of up to twelve clusters keep their
// colours), then maroon, teal, lime, magenta, dark olive, peach, light
// blue and light pink, picked for distance in CIELAB: the closest two of
// the twenty (dark yellow and olive, ΔE*76 25.8) are about as far apart
// as Tableau's own closest two (purple and pink, 27.7).
var categorical = [...]color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, // blue
	{0xff, 0x7f, 0x0e, 0xff}, // orange
	{0x2c, 0xa0, 0x2c, 0xff}, // green
	{0xd6, 0x27, 0x28, 0xff}, // red
	{0x94, 0x67, 0xbd, 0xff}, // purple
	{0x8c, 0x56, 0x4b, 0xff}, // brown
	{0xe3, 0x77, 0xc2, 0xff}, // pink
	{0x7f, 0x7f, 0x7f, 0xff}, // grey
	{0xbc, 0xbd, 0x22, 0xff}, // olive
	{0x17, 0xbe, 0xcf, 0xff}, // cyan
	{0x1a, 0x23, 0x7e, 0xff}, // navy
	{0xd4, 0xa0, 0x00, 0xff}, // dark yellow
	{0x80, 0x00, 0x00, 0xff}, // maroon
	{0x00, 0x6d, 0x5b, 0xff}, // teal
	{0x7f, 0xe0, 0x00, 0xff}, // lime
	{0xc0, 0x00, 0xc0, 0xff}, // magenta
	{0x55, 0x6b, 0x2f, 0xff}, // dark olive
	{0xff, 0xbb, 0x78, 0xff}, // peach
	{0xae, 0xc7, 0xe8, 0xff}, // light blue
	{0xfa, 0xbe, 0xd4, 0xff}, // light pink
}

// shapes are the map markers: clusters 0–19 are circles, 20–39 squares,
// and so on, so that clusters sharing a colour differ in shape.
var shapes = [...]draw.GlyphDrawer{
	draw.CircleGlyph{},   // filled circle
	draw.BoxGlyph{},      // filled square
	draw.PyramidGlyph{},  // filled triangle
	draw.RingGlyph{},     // circle outline
	draw.SquareGlyph{},   // square outline
	draw.TriangleGlyph{}, // triangle outline
	draw.CrossGlyph{},
	draw.PlusGlyph{},
}

// shapeNames name shapes for text (the HTML cards and Markdown).
var shapeNames = [...]string{"●", "■", "▲", "○", "□", "△", "×", "+"}

// ClusterColor returns the colour of cluster (or theme) i in every chart.
// Colours repeat every 20; the 2-D map then tells clusters apart by marker.
func ClusterColor(i int) color.RGBA {
	if i < 0 {
		return color.RGBA{0xb0, 0xb0, 0xb0, 0xff}
	}
	return categorical[i%len(categorical)]
}

// clusterShape returns the map marker of cluster i.
func clusterShape(i int) draw.GlyphDrawer {
	if i < 0 {
		return draw.CrossGlyph{}
	}
	return shapes[(i/len(categorical))%len(shapes)]
}

// clusterShapeName returns the marker of cluster i as a character.
func clusterShapeName(i int) string {
	if i < 0 {
		return "×"
	}
	return shapeNames[(i/len(categorical))%len(shapeNames)]
}

// hexColor formats c as #rrggbb.
func hexColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// sequential is ColorBrewer's YlGnBu: light yellow for low similarity to
// dark blue for high.
var sequential = [...]color.RGBA{
	{0xff, 0xff, 0xd9, 0xff},
	{0xed, 0xf8, 0xb1, 0xff},
	{0xc7, 0xe9, 0xb4, 0xff},
	{0x7f, 0xcd, 0xbb, 0xff},
	{0x41, 0xb6, 0xc4, 0xff},
	{0x1d, 0x91, 0xc0, 0xff},
	{0x22, 0x5e, 0xa8, 0xff},
	{0x25, 0x34, 0x94, 0xff},
	{0x08, 0x1d, 0x58, 0xff},
}

// heatLevels is the number of distinct colours the heatmap uses; cells are
// quantised so that cells of one colour can be drawn as one path.
const heatLevels = 32

// heatLevel maps t in [0,1] to a level in [0, heatLevels).
func heatLevel(t float64) int {
	l := int(math.Floor(clamp01(t) * heatLevels))
	if l >= heatLevels {
		l = heatLevels - 1
	}
	return l
}

// heatColor returns the colour of level l, interpolating the sequential
// palette at the middle of the level.
func heatColor(l int) color.RGBA {
	t := (float64(l) + 0.5) / heatLevels
	x := t * float64(len(sequential)-1)
	i := int(x)
	if i >= len(sequential)-1 {
		return sequential[len(sequential)-1]
	}
	f := x - float64(i)
	a, b := sequential[i], sequential[i+1]
	mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + f*(float64(q)-float64(p)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}
