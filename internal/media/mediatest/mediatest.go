// Package mediatest makes the pictures the upload tests send: a real PNG, a
// decompression bomb, a JPEG with EXIF (orientation and a GPS position), and
// reads the segments of a JPEG to show what metadata it carries.
package mediatest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
)

// PNG is a w × h PNG with a gradient.
func PNG(w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255}) //nolint:gosec // 0 <= x < w and 0 <= y < h: 0..254
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// Bomb is a valid grayscale PNG of w × h black pixels: tiny on the wire (the
// rows compress to almost nothing), w × h bytes once decoded.
func Bomb(w, h int) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w)) //nolint:gosec // a test fixture's width and height: small and positive
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h)) //nolint:gosec // as above
	ihdr[8], ihdr[9] = 8, 0                         // 8-bit grayscale
	chunk(&buf, "IHDR", ihdr)
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	row := make([]byte, w+1) // filter byte 0, then black pixels
	for y := 0; y < h; y++ {
		_, _ = z.Write(row)
	}
	_ = z.Close()
	chunk(&buf, "IDAT", idat.Bytes())
	chunk(&buf, "IEND", nil)
	return buf.Bytes()
}

func chunk(buf *bytes.Buffer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data))) //nolint:gosec // a test fixture's chunk: far below 4 GB
	buf.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	buf.WriteString(kind)
	buf.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	buf.Write(n[:])
}

// Latitude is the GPS latitude EXIFJPEG writes (Lamongan: 6° 53′ S), as its
// three rationals' numerators.
var Latitude = [3]uint32{6, 53, 0}

// EXIFJPEG is a w × h JPEG (left half red, right half blue) with an EXIF
// block: orientation 6 (the camera was turned: show it rotated 90° clockwise)
// and a GPS position (latitude 6° 53′ S).
func EXIFJPEG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{220, 30, 30, 255}
			if x >= w/2 {
				c = color.RGBA{30, 30, 220, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var enc bytes.Buffer
	_ = jpeg.Encode(&enc, img, &jpeg.Options{Quality: 90})
	raw := enc.Bytes()
	// TIFF, little-endian: IFD0 (orientation, GPS pointer) at 8, the GPS IFD
	// (latitude ref, latitude) at 38, its rationals at 68.
	le := binary.LittleEndian
	tiff := make([]byte, 68+24)
	copy(tiff, "II")
	le.PutUint16(tiff[2:], 42)
	le.PutUint32(tiff[4:], 8)
	entry := func(at int, tag, typ uint16, count, value uint32) {
		le.PutUint16(tiff[at:], tag)
		le.PutUint16(tiff[at+2:], typ)
		le.PutUint32(tiff[at+4:], count)
		le.PutUint32(tiff[at+8:], value)
	}
	le.PutUint16(tiff[8:], 2)
	entry(10, 0x0112, 3, 1, 6)  // Orientation = 6
	entry(22, 0x8825, 4, 1, 38) // GPSInfo IFD at 38
	le.PutUint16(tiff[38:], 2)
	entry(40, 0x0001, 2, 2, uint32('S')) // GPSLatitudeRef "S"
	entry(52, 0x0002, 5, 3, 68)          // GPSLatitude at 68
	for i, v := range Latitude {
		le.PutUint32(tiff[68+8*i:], v)
		le.PutUint32(tiff[72+8*i:], 1)
	}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	var out bytes.Buffer
	out.Write(raw[:2])                                                             // SOI
	out.Write([]byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}) //nolint:gosec // the big-endian 16-bit segment length; the fixture's APP1 is a few bytes
	out.Write(app1)
	out.Write(raw[2:])
	return out.Bytes()
}

// Segment is one marker segment of a JPEG before its image data.
type Segment struct {
	// Marker is the byte after 0xFF (0xE1 for APP1, where EXIF lives).
	Marker byte
	// Data is the segment's payload.
	Data []byte
}

// Segments parses a JPEG's marker segments up to the start of scan.
func Segments(b []byte) ([]Segment, bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil, false
	}
	var out []Segment
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return out, false
		}
		m := b[i+1]
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return out, false
		}
		out = append(out, Segment{Marker: m, Data: b[i+4 : i+2+n]})
		if m == 0xDA { // start of scan: image data follows
			return out, true
		}
		i += 2 + n
	}
	return out, false
}

// GPSLatitude finds the GPS latitude in a JPEG's EXIF block (ok false when
// the file has no EXIF or no GPS position). It reads the little-endian layout
// EXIFJPEG writes, which is enough to tell whether a position survived.
func GPSLatitude(b []byte) ([3]uint32, bool) {
	segs, _ := Segments(b)
	for _, s := range segs {
		if s.Marker != 0xE1 || !bytes.HasPrefix(s.Data, []byte("Exif\x00\x00")) {
			continue
		}
		t := s.Data[6:]
		le := binary.LittleEndian
		if len(t) < 8 || string(t[:2]) != "II" {
			continue
		}
		ifd := func(off uint32, tag uint16) (uint32, bool) {
			if int(off)+2 > len(t) {
				return 0, false
			}
			n := int(le.Uint16(t[off:]))
			for i := 0; i < n; i++ {
				e := int(off) + 2 + 12*i
				if e+12 > len(t) {
					return 0, false
				}
				if le.Uint16(t[e:]) == tag {
					return le.Uint32(t[e+8:]), true
				}
			}
			return 0, false
		}
		gps, ok := ifd(le.Uint32(t[4:]), 0x8825)
		if !ok {
			continue
		}
		at, ok := ifd(gps, 0x0002)
		if !ok || int(at)+24 > len(t) {
			continue
		}
		return [3]uint32{le.Uint32(t[at:]), le.Uint32(t[at+8:]), le.Uint32(t[at+16:])}, true
	}
	return [3]uint32{}, false
}
