// Package media keeps the catalog's pictures: product photos and producer
// logos. An upload is accepted only after it decodes as JPEG, PNG or WebP
// within the limits (the header is read first, so a decompression bomb is
// refused before any pixel is decoded); it is re-encoded, which drops every
// metadata block (EXIF with its GPS position, XMP, ICC, comments), and stored
// in a gocloud.dev/blob bucket under the SHA-256 of the stored bytes. Resized
// variants are made on first request, a bounded number at once, and kept in
// the bucket; their URLs carry the content hash, so they never change.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	// The formats accepted besides image/jpeg and image/png.
	_ "golang.org/x/image/webp"

	"github.com/disintegration/imaging"

	"github.com/exportiva/exportiva/internal/apperr"
)

// Limits bound one uploaded picture.
type Limits struct {
	// MaxBytes is the largest file accepted.
	MaxBytes int64
	// MaxPixels is the largest width × height accepted, checked on the header
	// before decoding: it bounds the memory a decode takes (4 bytes a pixel).
	MaxPixels int64
	// MaxSide is the longest side accepted, in pixels.
	MaxSide int
}

// DefaultLimits are 10 MB, 24 megapixels (a 6000 × 4000 camera photo; about
// 100 MB decoded at worst) and 10,000 pixels a side.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 10 << 20, MaxPixels: 24_000_000, MaxSide: 10_000}
}

// Formats of the stored images.
const (
	JPEG = "jpeg"
	PNG  = "png"
)

// Image is an accepted picture, re-encoded.
type Image struct {
	// Data is the stored image: JPEG or PNG, with no metadata.
	Data []byte
	// Format is JPEG or PNG.
	Format string
	// Width and Height are its size in pixels, after EXIF orientation.
	Width, Height int
	// Hash is the SHA-256 of Data, in hex.
	Hash string
}

// jpegQuality is the quality of re-encoded JPEGs.
const jpegQuality = 85

// Decode reads an uploaded picture within the limits and re-encodes it. A file
// that is not JPEG, PNG or WebP whatever its name, a larger file, or one with
// more pixels than allowed is BAD_USER_INPUT at "file".
func Decode(r io.Reader, lim Limits) (*Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, apperr.BadInput([]string{"file"}, "the file could not be read")
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, apperr.BadInput([]string{"file"}, "a picture may have at most %d MB", lim.MaxBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png" && format != "webp") {
		return nil, apperr.BadInput([]string{"file"}, "the file is not a JPEG, PNG or WebP picture")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > lim.MaxSide || cfg.Height > lim.MaxSide ||
		int64(cfg.Width)*int64(cfg.Height) > lim.MaxPixels {
		return nil, apperr.BadInput([]string{"file"}, "a picture may have at most %d megapixels and %d pixels a side", lim.MaxPixels/1_000_000, lim.MaxSide)
	}
	// imaging reads the EXIF orientation of a JPEG and turns the picture
	// upright; the decoders read the same header DecodeConfig checked.
	img, err := imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	if err != nil {
		return nil, apperr.BadInput([]string{"file"}, "the file is not a JPEG, PNG or WebP picture")
	}
	out := JPEG
	if format == "png" || (format == "webp" && !opaque(img)) {
		out = PNG
	}
	enc, err := encode(img, out)
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	sum := sha256.Sum256(enc)
	return &Image{Data: enc, Format: out, Width: b.Dx(), Height: b.Dy(), Hash: hex.EncodeToString(sum[:])}, nil
}

// encode writes img in the format; the encoders write pixels only, no
// metadata.
func encode(img image.Image, format string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case JPEG:
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality})
	case PNG:
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img)
	default:
		err = errors.New("media: unknown format " + format)
	}
	return buf.Bytes(), err
}

// opaque reports whether every pixel of img is opaque.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// ContentType is the media type of a stored format.
func ContentType(format string) string {
	if format == PNG {
		return "image/png"
	}
	return "image/jpeg"
}

// Ext is the file extension of a stored format.
func Ext(format string) string {
	if format == PNG {
		return "png"
	}
	return "jpg"
}
