package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/disintegration/imaging"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
	"golang.org/x/sync/singleflight"

	// The bucket drivers: a directory (the default, beside the SQLite file),
	// memory (tests) and S3 or an S3-compatible service.
	_ "gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/memblob"
	_ "gocloud.dev/blob/s3blob"

	"github.com/exportiva/exportiva/internal/apperr"
)

// Widths are the widths of the variants served, in pixels.
var Widths = []int{160, 480, 1200}

// ValidWidth reports whether w is one of Widths.
func ValidWidth(w int) bool {
	for _, v := range Widths {
		if v == w {
			return true
		}
	}
	return false
}

// DefaultMaxWork is how many pictures are decoded, resized or encoded at once
// unless configured.
const DefaultMaxWork = 2

// workWait is how long an upload or a variant waits for a free slot.
const workWait = 5 * time.Second

// Store keeps pictures in a bucket: originals under originals/<hash>.<ext>,
// variants under variants/<hash>/<width>.<ext>.
type Store struct {
	bucket *blob.Bucket
	// Limits bound an upload.
	Limits Limits
	slots  chan struct{}
	flight singleflight.Group
}

// OpenBucket opens the bucket of a URL: file:///path/to/dir (created when
// missing), mem://, or s3://bucket?region=…&endpoint=… (credentials from the
// usual AWS environment).
func OpenBucket(ctx context.Context, url string) (*blob.Bucket, error) {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("opening the media bucket %q: %w", url, err)
	}
	return b, nil
}

// NewStore returns a store over a bucket with at most maxWork pictures
// processed at once (DefaultMaxWork when < 1).
func NewStore(b *blob.Bucket, maxWork int) *Store {
	if maxWork < 1 {
		maxWork = DefaultMaxWork
	}
	return &Store{bucket: b, Limits: DefaultLimits(), slots: make(chan struct{}, maxWork)}
}

// Close closes the bucket.
func (s *Store) Close() error { return s.bucket.Close() }

// enter takes a processing slot, waiting up to workWait.
func (s *Store) enter(ctx context.Context) (func(), error) {
	t := time.NewTimer(workWait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, &apperr.Error{Code: apperr.CodeUnavailable, Message: "other pictures are being processed: try again in 5 seconds",
			Format: "other pictures are being processed: try again in %d seconds", Args: []any{5}, RetryAfter: 5}
	}
}

// Ingest decodes an upload within the limits (one processing slot) and keeps
// the re-encoded image in the bucket. Writing the same image twice keeps one
// copy.
func (s *Store) Ingest(ctx context.Context, r io.Reader) (*Image, error) {
	release, err := s.enter(ctx)
	if err != nil {
		return nil, err
	}
	img, err := Decode(r, s.Limits)
	release()
	if err != nil {
		return nil, err
	}
	key := originalKey(img.Hash, img.Format)
	if ok, err := s.bucket.Exists(ctx, key); err != nil {
		return nil, fmt.Errorf("media bucket: %w", err)
	} else if !ok {
		if err := s.bucket.WriteAll(ctx, key, img.Data, &blob.WriterOptions{ContentType: ContentType(img.Format)}); err != nil {
			return nil, fmt.Errorf("media bucket: %w", err)
		}
	}
	return img, nil
}

// Remove deletes an image and its variants from the bucket (the caller knows
// no record refers to it any more). Missing files are no error.
func (s *Store) Remove(ctx context.Context, hash, format string) error {
	keys := []string{originalKey(hash, format)}
	for _, w := range Widths {
		keys = append(keys, variantKey(hash, format, w))
	}
	var errs []error
	for _, k := range keys {
		if err := s.bucket.Delete(ctx, k); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ErrNotFound means no such image.
var ErrNotFound = errors.New("media: no such image")

// Variant returns the image resized to width (never enlarged), making it on
// first request: concurrent requests for one variant share the work, and at
// most the store's slots of work run at once.
func (s *Store) Variant(ctx context.Context, hash, format string, width int) ([]byte, error) {
	key := variantKey(hash, format, width)
	if b, err := s.bucket.ReadAll(ctx, key); err == nil {
		return b, nil
	} else if gcerrors.Code(err) != gcerrors.NotFound {
		return nil, err
	}
	v, err, _ := s.flight.Do(key, func() (any, error) {
		orig, err := s.bucket.ReadAll(ctx, originalKey(hash, format))
		if gcerrors.Code(err) == gcerrors.NotFound {
			return nil, ErrNotFound
		}
		if err != nil {
			return nil, err
		}
		release, err := s.enter(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
		img, _, err := image.Decode(bytes.NewReader(orig))
		if err != nil {
			return nil, err
		}
		if img.Bounds().Dx() > width {
			img = imaging.Resize(img, width, 0, imaging.Lanczos)
		}
		out, err := encode(img, format)
		if err != nil {
			return nil, err
		}
		if err := s.bucket.WriteAll(ctx, key, out, &blob.WriterOptions{ContentType: ContentType(format)}); err != nil {
			return nil, err
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

func originalKey(hash, format string) string { return "originals/" + hash + "." + Ext(format) }

func variantKey(hash, format string, width int) string {
	return "variants/" + hash + "/" + strconv.Itoa(width) + "." + Ext(format)
}

// Path is where the HTTP route serves a variant: /media/<hash>/<width>.<ext>.
// The hash names the content, so the answer at a path never changes.
func Path(hash, format string, width int) string {
	return "/media/" + hash + "/" + strconv.Itoa(width) + "." + Ext(format)
}

var pathRE = regexp.MustCompile(`^/media/([0-9a-f]{64})/([0-9]{1,4})\.(jpg|png)$`)

// Handler serves the variants at Path: immutable for a year, with the hash as
// ETag; anything else is 404.
func (s *Store) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := pathRE.FindStringSubmatch(r.URL.Path)
		if m == nil {
			http.NotFound(w, r)
			return
		}
		width, _ := strconv.Atoi(m[2])
		if !ValidWidth(width) {
			http.NotFound(w, r)
			return
		}
		format := JPEG
		if m[3] == "png" {
			format = PNG
		}
		etag := `"` + m[1][:32] + "-" + m[2] + `"`
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		b, err := s.Variant(r.Context(), m[1], format, width)
		if err != nil {
			w.Header().Del("ETag")
			w.Header().Set("Cache-Control", "no-store")
			var ae *apperr.Error
			switch {
			case errors.Is(err, ErrNotFound):
				http.NotFound(w, r)
			case errors.As(err, &ae) && ae.RetryAfter > 0:
				w.Header().Set("Retry-After", strconv.Itoa(ae.RetryAfter))
				http.Error(w, "busy", http.StatusServiceUnavailable)
			default:
				http.Error(w, "the picture is unavailable", http.StatusInternalServerError)
			}
			return
		}
		w.Header().Set("Content-Type", ContentType(format))
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		if r.Method != http.MethodHead {
			_, _ = w.Write(b) //nolint:gosec // G705: image bytes the store encoded itself, sent with their image Content-Type
		}
	})
}

// Keep encodes a picture drawn by the program (the demo data) and keeps it in
// the bucket, as Ingest does with an upload.
func (s *Store) Keep(ctx context.Context, img image.Image, format string) (*Image, error) {
	enc, err := encode(img, format)
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	sum := sha256.Sum256(enc)
	out := &Image{Data: enc, Format: format, Width: b.Dx(), Height: b.Dy(), Hash: hex.EncodeToString(sum[:])}
	if err := s.bucket.WriteAll(ctx, originalKey(out.Hash, format), enc, &blob.WriterOptions{ContentType: ContentType(format)}); err != nil {
		return nil, fmt.Errorf("media bucket: %w", err)
	}
	return out, nil
}
