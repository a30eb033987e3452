package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// TestWritePNG checks that writePNG's files decode to exactly the pixels
// that image/png's own files decode to, for the RGB path and for the
// fallback.
func TestWritePNG(t *testing.T) {
	t.Parallel()
	opaque := image.NewRGBA(image.Rect(0, 0, 37, 23))
	for y := range 23 {
		for x := range 37 {
			opaque.SetRGBA(x, y, color.RGBA{uint8(7 * x), uint8(11 * y), uint8(x ^ y), 0xff})
		}
	}
	translucent := image.NewRGBA(image.Rect(0, 0, 5, 4))
	translucent.SetRGBA(2, 1, color.RGBA{0x40, 0, 0, 0x80})
	tests := []struct {
		name string
		img  image.Image
		rgb  bool // written by writePNG's own RGB path
	}{
		{"opaque", opaque, true},
		{"sub-image", opaque.SubImage(image.Rect(3, 5, 30, 20)), true},
		{"one pixel", opaque.SubImage(image.Rect(1, 1, 2, 2)), true},
		{"translucent", translucent, false},
		{"gray", image.NewGray(image.Rect(0, 0, 3, 3)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := writePNG(&b, tt.img); err != nil {
				t.Fatal(err)
			}
			// Byte 25 of a PNG is IHDR's colour type; 2 is RGB.
			if rgb := b.Bytes()[25] == 2; rgb != tt.rgb {
				t.Errorf("colour type %d", b.Bytes()[25])
			}
			got, err := png.Decode(&b)
			if err != nil {
				t.Fatal(err)
			}
			var ref bytes.Buffer
			if err := png.Encode(&ref, tt.img); err != nil {
				t.Fatal(err)
			}
			want, err := png.Decode(&ref)
			if err != nil {
				t.Fatal(err)
			}
			r := want.Bounds()
			if got.Bounds().Size() != r.Size() || r.Size() != tt.img.Bounds().Size() {
				t.Fatalf("size %v, want %v", got.Bounds().Size(), r.Size())
			}
			for y := range r.Dy() {
				for x := range r.Dx() {
					g := color.NRGBA64Model.Convert(got.At(x, y))
					w := color.NRGBA64Model.Convert(want.At(r.Min.X+x, r.Min.Y+y))
					if g != w {
						t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, g, w)
					}
				}
			}
		})
	}
}
