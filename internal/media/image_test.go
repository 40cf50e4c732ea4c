package media_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/apperr"
	"github.com/exportiva/exportiva/internal/media"
	"github.com/exportiva/exportiva/internal/media/mediatest"
)

func badFile(t *testing.T, err error, contains string) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, apperr.CodeBadUserInput, apperr.CodeOf(err), "%v", err)
	var ae *apperr.Error
	require.ErrorAs(t, err, &ae)
	require.Equal(t, []string{"file"}, ae.Field)
	require.Contains(t, err.Error(), contains)
}

func TestDecodeRealPNG(t *testing.T) {
	img, err := media.Decode(bytes.NewReader(mediatest.PNG(64, 48)), media.DefaultLimits())
	require.NoError(t, err)
	require.Equal(t, media.PNG, img.Format)
	require.Equal(t, 64, img.Width)
	require.Equal(t, 48, img.Height)
	require.Len(t, img.Hash, 64)
	back, err := png.Decode(bytes.NewReader(img.Data))
	require.NoError(t, err)
	require.Equal(t, image.Rect(0, 0, 64, 48), back.Bounds())
}

func TestDecodeRefusesWhatIsNotAPicture(t *testing.T) {
	for name, data := range map[string][]byte{
		"text renamed photo.png": []byte("these are not the pixels you are looking for\n"),
		"empty":                  nil,
		"png header, no data":    mediatest.PNG(10, 10)[:40],
		"gif":                    []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := media.Decode(bytes.NewReader(data), media.DefaultLimits())
			badFile(t, err, "not a JPEG, PNG or WebP")
		})
	}
}

// TestDecodeRefusesABombBeforeDecoding: a 6000 × 6000 PNG is 36 MB of pixels
// in a few tens of kilobytes; the header alone refuses it, and the decode
// never runs (the heap does not grow by the picture's size).
func TestDecodeRefusesABombBeforeDecoding(t *testing.T) {
	bomb := mediatest.Bomb(6000, 6000)
	require.Less(t, len(bomb), 200_000, "small on the wire")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := media.Decode(bytes.NewReader(bomb), media.DefaultLimits())
	runtime.ReadMemStats(&after)
	badFile(t, err, "megapixels")
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(8<<20), "allocated while refusing")

	// A side over the limit, within the pixel count.
	_, err = media.Decode(bytes.NewReader(mediatest.Bomb(20_000, 10)), media.DefaultLimits())
	badFile(t, err, "pixels a side")
}

func TestDecodeRefusesALargeFile(t *testing.T) {
	lim := media.DefaultLimits()
	lim.MaxBytes = 1 << 20
	big := append(mediatest.PNG(8, 8), bytes.Repeat([]byte{0}, 1<<20)...)
	_, err := media.Decode(bytes.NewReader(big), lim)
	badFile(t, err, "at most 1 MB")
}

// TestDecodeStripsEXIF: the JPEG's EXIF block with its GPS position is gone
// from what is stored (the output's segments are parsed), and the picture is
// turned upright by the orientation the block gave.
func TestDecodeStripsEXIF(t *testing.T) {
	in := mediatest.EXIFJPEG(40, 20)
	lat, ok := mediatest.GPSLatitude(in)
	require.True(t, ok, "the input carries a GPS position")
	require.Equal(t, mediatest.Latitude, lat)

	img, err := media.Decode(bytes.NewReader(in), media.DefaultLimits())
	require.NoError(t, err)
	require.Equal(t, media.JPEG, img.Format)
	segs, ok := mediatest.Segments(img.Data)
	require.True(t, ok, "the output is a well-formed JPEG")
	for _, s := range segs {
		require.False(t, s.Marker >= 0xE1 && s.Marker <= 0xEF, "an APPn segment (%#x) survived", s.Marker)
		require.NotEqual(t, byte(0xFE), s.Marker, "a comment survived")
	}
	_, ok = mediatest.GPSLatitude(img.Data)
	require.False(t, ok, "no GPS position in the output")
	require.False(t, bytes.Contains(img.Data, []byte("Exif")))

	// Orientation 6: the 40 × 20 picture is shown 20 × 40, its left (red) half
	// on top.
	require.Equal(t, 20, img.Width)
	require.Equal(t, 40, img.Height)
	out, err := jpeg.Decode(bytes.NewReader(img.Data))
	require.NoError(t, err)
	r, _, b, _ := out.At(10, 5).RGBA()
	require.Greater(t, r, b, "red on top after turning")
	r, _, b, _ = out.At(10, 35).RGBA()
	require.Greater(t, b, r, "blue below")
}

func newStore(t *testing.T) *media.Store {
	b, err := media.OpenBucket(context.Background(), "mem://")
	require.NoError(t, err)
	s := media.NewStore(b, 1)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestVariantsAreResizedOnceAndImmutable: the route serves each width with
// immutable caching and the content hash as ETag; concurrent first requests
// share one resize.
func TestVariantsAreResizedOnceAndImmutable(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	img, err := s.Ingest(ctx, bytes.NewReader(mediatest.PNG(1600, 800)))
	require.NoError(t, err)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := http.Get(srv.URL + media.Path(img.Hash, img.Format, 480))
			if err == nil {
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	for _, w := range media.Widths {
		res, err := http.Get(srv.URL + media.Path(img.Hash, img.Format, w))
		require.NoError(t, err)
		got, err := png.DecodeConfig(res.Body)
		res.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"))
		require.Equal(t, "image/png", res.Header.Get("Content-Type"))
		require.Equal(t, w, got.Width)
		require.Equal(t, w/2, got.Height, "aspect ratio kept")
		etag := res.Header.Get("ETag")
		require.Contains(t, etag, img.Hash[:32])

		req, _ := http.NewRequest(http.MethodGet, srv.URL+media.Path(img.Hash, img.Format, w), nil)
		req.Header.Set("If-None-Match", etag)
		res, err = http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusNotModified, res.StatusCode)
	}
	for _, path := range []string{
		media.Path(img.Hash, img.Format, 300),               // not a served width
		media.Path(strings.Repeat("0", 64), media.PNG, 160), // no such picture
		"/media/../../etc/passwd",
		"/media/" + img.Hash + "/160.gif",
	} {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusNotFound, res.StatusCode, path)
	}
	// A picture narrower than the width is served as it is, never enlarged.
	small, err := s.Ingest(ctx, bytes.NewReader(mediatest.PNG(100, 50)))
	require.NoError(t, err)
	res, err := http.Get(srv.URL + media.Path(small.Hash, small.Format, 1200))
	require.NoError(t, err)
	got, err := png.DecodeConfig(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	require.Equal(t, 100, got.Width)
}

// TestRemoveDeletesTheVariants: nothing of a removed picture is served.
func TestRemoveDeletesTheVariants(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	img, err := s.Ingest(ctx, bytes.NewReader(mediatest.PNG(400, 300)))
	require.NoError(t, err)
	_, err = s.Variant(ctx, img.Hash, img.Format, 160)
	require.NoError(t, err)
	require.NoError(t, s.Remove(ctx, img.Hash, img.Format))
	_, err = s.Variant(ctx, img.Hash, img.Format, 160)
	require.ErrorIs(t, err, media.ErrNotFound)
}
