package report

import (
	"bytes"
	"html"
	"strconv"

	"gonum.org/v1/plot/vg"
)

// hoverMark is a part of a chart that says what it is when the pointer
// rests on it: a circle of radius R at At, or the rectangles Rects, in
// the coordinates the figure was drawn in.
type hoverMark struct {
	Title string
	At    vg.Point
	R     vg.Length
	Rects []vg.Rectangle
}

// appendHover puts marks into svg, an SVG document made by renderSVG, as
// transparent shapes with a <title> child each, at the end of its top
// group: that group flips the y axis so that the figure's coordinates
// apply as they are, and shapes drawn last are on top. Titles are
// cleaned of control characters and escaped; numbers have two decimals.
func appendHover(svg []byte, marks []hoverMark) []byte {
	end := bytes.LastIndex(svg, []byte("</g>"))
	if end < 0 || len(marks) == 0 {
		return svg
	}
	var b bytes.Buffer
	b.Grow(len(svg) + 160*len(marks))
	b.Write(svg[:end])
	// Transparent, yet painted: the shapes catch the pointer.
	b.WriteString(`<g fill="#000" fill-opacity="0">` + "\n")
	num := func(x vg.Length) { b.Write(strconv.AppendFloat(nil, float64(x), 'f', 2, 64)) }
	title := func(t string) {
		b.WriteString("<title>")
		b.WriteString(html.EscapeString(t))
		b.WriteString("</title>")
	}
	rect := func(r vg.Rectangle) {
		b.WriteString(`<rect x="`)
		num(r.Min.X)
		b.WriteString(`" y="`)
		num(r.Min.Y)
		b.WriteString(`" width="`)
		num(r.Max.X - r.Min.X)
		b.WriteString(`" height="`)
		num(r.Max.Y - r.Min.Y)
		b.WriteString(`"`)
	}
	for _, m := range marks {
		t := cleanLines(m.Title)
		switch len(m.Rects) {
		case 0:
			b.WriteString(`<circle cx="`)
			num(m.At.X)
			b.WriteString(`" cy="`)
			num(m.At.Y)
			b.WriteString(`" r="`)
			num(m.R)
			b.WriteString(`">`)
			title(t)
			b.WriteString("</circle>\n")
		case 1:
			rect(m.Rects[0])
			b.WriteString(`>`)
			title(t)
			b.WriteString("</rect>\n")
		default:
			b.WriteString("<g>")
			title(t)
			for _, r := range m.Rects {
				rect(r)
				b.WriteString(`/>`)
			}
			b.WriteString("</g>\n")
		}
	}
	b.WriteString("</g>\n")
	b.Write(svg[end:])
	return b.Bytes()
}

// cleanLines cleans each line of s (see clean), keeping the line breaks,
// which a browser shows in the tooltip.
func cleanLines(s string) string {
	var b []byte
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '\n' {
			if l := clean(s[start:i]); l != "" {
				if len(b) > 0 {
					b = append(b, '\n')
				}
				b = append(b, l...)
			}
			start = i + 1
		}
	}
	return string(b)
}
