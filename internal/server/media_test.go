package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/jpeg"
	"image/png"
	"net/http"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/exportiva/exportiva/internal/demo"
	"github.com/exportiva/exportiva/internal/media"
	"github.com/exportiva/exportiva/internal/media/mediatest"
	"github.com/exportiva/exportiva/internal/server"
	"github.com/exportiva/exportiva/internal/testdb"
)

const uploadMediaOp = `mutation($file: Upload!, $product: ID!, $alt: String) {
  uploadProductMedia(productId: $product, file: $file, alt: $alt) {
    media { id url(width: 480) thumb: url(width: 160) alt width height position contentType }
    product { id media { id position } } } }`

type mediaJSON struct {
	ID, URL, Thumb, Alt, ContentType string
	Width, Height, Position          int
}

type uploadMediaResponse struct {
	UploadProductMedia struct {
		Media   mediaJSON
		Product struct {
			ID    string
			Media []struct {
				ID       string
				Position int
			}
		}
	}
}

// uploadPhoto uploads a picture for the product and returns the response.
func (w *world) uploadPhoto(e *env, product, name string, file []byte) gqlResponse {
	return e.upload(uploadMediaOp, map[string]any{"product": product, "alt": "Frozen tengiri, 10 kg block"}, name, file)
}

// TestProductMediaUploads sends the four kinds of file through HTTP as the
// multipart spec says: a real PNG is kept and served, a text file named .png and
// a decompression bomb are BAD_USER_INPUT at `file`, and an EXIF-tagged JPEG is
// kept without its GPS position (the served variant is parsed).
func TestProductMediaUploads(t *testing.T) {
	w := newWorld(t)
	owner := w.e.as(w.tokens["producerA"])

	r := w.uploadPhoto(owner, w.productA, "tengiri.png", mediatest.PNG(1600, 1200))
	require.Empty(t, r.Errors, "%+v", r.Errors)
	var up uploadMediaResponse
	require.NoError(t, json.Unmarshal(r.Data, &up))
	m := up.UploadProductMedia.Media
	require.Equal(t, 1600, m.Width)
	require.Equal(t, 1200, m.Height)
	require.Equal(t, 0, m.Position)
	require.Equal(t, "image/png", m.ContentType)
	require.Equal(t, "Frozen tengiri, 10 kg block", m.Alt)
	require.Regexp(t, `^/media/[0-9a-f]{64}/480\.png$`, m.URL)
	require.Len(t, up.UploadProductMedia.Product.Media, 1)

	// Anyone reads it: the product lists it, the route serves the variant.
	var read struct {
		Node struct {
			Media []mediaJSON
		}
	}
	w.e.as("").ok(`query($id: ID!) { node(id: $id) { ... on Product { media { id url(width: 160) alt width height } } } }`,
		map[string]any{"id": w.productA}, &read)
	require.Len(t, read.Node.Media, 1)
	require.Equal(t, m.Thumb, read.Node.Media[0].URL)
	res, body := w.e.get(read.Node.Media[0].URL)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"))
	cfg, err := png.DecodeConfig(bytes.NewReader(body))
	require.NoError(t, err)
	require.Equal(t, 160, cfg.Width)
	require.Equal(t, 120, cfg.Height)

	for name, file := range map[string][]byte{
		"notes.png": []byte("Harga tengiri beku: USD 3.10/kg FOB Tanjung Perak\n"),
		"bomb.png":  mediatest.Bomb(6000, 6000),
	} {
		r := w.uploadPhoto(owner, w.productA, name, file)
		require.Equal(t, "BAD_USER_INPUT", r.code(), "%s: %+v", name, r.Errors)
		require.Equal(t, []string{"file"}, r.field(), name)
	}

	r = w.uploadPhoto(owner, w.productA, "camera.jpg", mediatest.EXIFJPEG(64, 32))
	require.Empty(t, r.Errors, "%+v", r.Errors)
	require.NoError(t, json.Unmarshal(r.Data, &up))
	m = up.UploadProductMedia.Media
	require.Equal(t, "image/jpeg", m.ContentType)
	require.Equal(t, 1, m.Position)
	require.Equal(t, []int{32, 64}, []int{m.Width, m.Height}, "turned upright by its EXIF orientation")
	res, body = w.e.get(m.URL)
	require.Equal(t, http.StatusOK, res.StatusCode)
	_, err = jpeg.DecodeConfig(bytes.NewReader(body))
	require.NoError(t, err)
	_, hasGPS := mediatest.GPSLatitude(body)
	require.False(t, hasGPS)
	segs, ok := mediatest.Segments(body)
	require.True(t, ok)
	for _, s := range segs {
		require.NotEqual(t, byte(0xE1), s.Marker, "no EXIF segment")
	}

	// A width that is not served.
	r = w.e.as("").do(`query($id: ID!) { node(id: $id) { ... on Product { media { url(width: 300) } } } }`, map[string]any{"id": w.productA})
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
	require.Equal(t, []string{"width"}, r.field())
}

// TestProductMediaAccess: only the product's producer and the trade office
// change its photos.
func TestProductMediaAccess(t *testing.T) {
	w := newWorld(t)
	png := mediatest.PNG(32, 32)
	for role, code := range map[string]string{
		"anonymous": "UNAUTHENTICATED", "producerB": "FORBIDDEN", "buyerA": "FORBIDDEN", "producerA": "", "admin": "",
	} {
		r := w.uploadPhoto(w.e.as(w.tokens[role]), w.productA, "p.png", png)
		require.Equal(t, code, r.code(), "%s: %+v", role, r.Errors)
	}
	var photos struct {
		Node struct{ Media []struct{ ID string } }
	}
	w.e.as("").ok(`query($id: ID!) { node(id: $id) { ... on Product { media { id } } } }`, map[string]any{"id": w.productA}, &photos)
	require.Len(t, photos.Node.Media, 2)
	first, second := photos.Node.Media[0].ID, photos.Node.Media[1].ID

	reorder := `mutation($p: ID!, $ids: [ID!]!) { reorderProductMedia(productId: $p, mediaIds: $ids) { product { media { id position } } } }`
	del := `mutation($id: ID!) { deleteProductMedia(id: $id) { deletedID product { media { id position } } } }`
	for _, role := range []string{"producerB", "buyerA"} {
		w.e.as(w.tokens[role]).fails("FORBIDDEN", reorder, map[string]any{"p": w.productA, "ids": []string{second, first}})
		w.e.as(w.tokens[role]).fails("FORBIDDEN", del, map[string]any{"id": first})
	}
	owner := w.e.as(w.tokens["producerA"])
	r := owner.fails("BAD_USER_INPUT", reorder, map[string]any{"p": w.productA, "ids": []string{second}})
	require.Equal(t, []string{"mediaIds"}, r.field())
	owner.fails("BAD_USER_INPUT", reorder, map[string]any{"p": w.productA, "ids": []string{second, second}})

	var out struct {
		ReorderProductMedia struct {
			Product struct {
				Media []struct {
					ID       string
					Position int
				}
			}
		}
	}
	owner.ok(reorder, map[string]any{"p": w.productA, "ids": []string{second, first}}, &out)
	got := out.ReorderProductMedia.Product.Media
	require.Equal(t, second, got[0].ID)
	require.Equal(t, first, got[1].ID)
	require.Equal(t, []int{0, 1}, []int{got[0].Position, got[1].Position})

	var gone struct {
		DeleteProductMedia struct {
			DeletedID string
			Product   struct {
				Media []struct {
					ID       string
					Position int
				}
			}
		}
	}
	owner.ok(del, map[string]any{"id": second}, &gone)
	require.Equal(t, second, gone.DeleteProductMedia.DeletedID)
	require.Len(t, gone.DeleteProductMedia.Product.Media, 1)
	require.Equal(t, first, gone.DeleteProductMedia.Product.Media[0].ID)
	require.Equal(t, 0, gone.DeleteProductMedia.Product.Media[0].Position, "the rest moved up")
	owner.fails("NOT_FOUND", del, map[string]any{"id": second})
}

// TestProductMediaLimit: the 13th photo of a product is refused.
func TestProductMediaLimit(t *testing.T) {
	w := newWorld(t)
	owner := w.e.as(w.tokens["producerA"])
	for i := 0; i < media.DefaultLimits().MaxSide && i < 12; i++ {
		r := w.uploadPhoto(owner, w.productA, "p.png", mediatest.PNG(16+i, 16))
		require.Empty(t, r.Errors, "photo %d: %+v", i+1, r.Errors)
	}
	r := w.uploadPhoto(owner, w.productA, "p.png", mediatest.PNG(40, 16))
	require.Equal(t, "BAD_USER_INPUT", r.code(), "%+v", r.Errors)
	require.Equal(t, []string{"file"}, r.field())
	require.Contains(t, r.Errors[0].Message, "12")
}

// TestProducerLogo: a producer sets, replaces and removes its logo; others
// cannot; everyone sees it.
func TestProducerLogo(t *testing.T) {
	w := newWorld(t)
	upload := `mutation($file: Upload!, $p: ID!) { uploadProducerLogo(producerId: $p, file: $file, alt: "Logo") {
		logo { id url(width: 160) width height } producer { id logo { id } } } }`
	del := `mutation($p: ID!) { deleteProducerLogo(producerId: $p) { deletedID producer { logo { id } } } }`
	r := w.e.as(w.tokens["producerB"]).upload(upload, map[string]any{"p": w.prodA}, "logo.png", mediatest.PNG(200, 200))
	require.Equal(t, "FORBIDDEN", r.code(), "%+v", r.Errors)

	var out struct {
		UploadProducerLogo struct {
			Logo struct {
				ID, URL       string
				Width, Height int
			}
			Producer struct{ Logo struct{ ID string } }
		}
	}
	owner := w.e.as(w.tokens["producerA"])
	r = owner.upload(upload, map[string]any{"p": w.prodA}, "logo.png", mediatest.PNG(200, 200))
	require.Empty(t, r.Errors, "%+v", r.Errors)
	require.NoError(t, json.Unmarshal(r.Data, &out))
	firstLogo := out.UploadProducerLogo.Logo.ID
	require.Equal(t, firstLogo, out.UploadProducerLogo.Producer.Logo.ID)
	res, _ := w.e.get(out.UploadProducerLogo.Logo.URL)
	require.Equal(t, http.StatusOK, res.StatusCode)
	oldURL := out.UploadProducerLogo.Logo.URL

	r = owner.upload(upload, map[string]any{"p": w.prodA}, "logo2.png", mediatest.PNG(300, 100))
	require.Empty(t, r.Errors, "%+v", r.Errors)
	require.NoError(t, json.Unmarshal(r.Data, &out))
	require.NotEqual(t, firstLogo, out.UploadProducerLogo.Logo.ID, "replaced")
	require.Equal(t, 300, out.UploadProducerLogo.Logo.Width)
	res, _ = w.e.get(oldURL)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "the replaced logo's files are removed")

	var read struct {
		Node struct{ Logo *struct{ ID string } }
	}
	w.e.as("").ok(`query($id: ID!) { node(id: $id) { ... on Producer { logo { id } } } }`, map[string]any{"id": w.prodA}, &read)
	require.Equal(t, out.UploadProducerLogo.Logo.ID, read.Node.Logo.ID)

	w.e.as(w.tokens["producerB"]).fails("FORBIDDEN", del, map[string]any{"p": w.prodA})
	var gone struct {
		DeleteProducerLogo struct {
			DeletedID *string
			Producer  struct{ Logo *struct{ ID string } }
		}
	}
	owner.ok(del, map[string]any{"p": w.prodA}, &gone)
	require.NotNil(t, gone.DeleteProducerLogo.DeletedID)
	require.Nil(t, gone.DeleteProducerLogo.Producer.Logo)
	owner.ok(del, map[string]any{"p": w.prodA}, &gone)
	require.Nil(t, gone.DeleteProducerLogo.DeletedID, "nothing left to delete")
}

// TestCatalogPageWithPicturesStatements: a catalog page with every product's
// photos and its producer's logo costs the same statements at any page size
// (the edges are eager-loaded, one query each for the whole page).
func TestCatalogPageWithPicturesStatements(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	_, err := demo.Load(ctx, db.Client, now)
	require.NoError(t, err)
	bucket, err := media.OpenBucket(ctx, "mem://")
	require.NoError(t, err)
	pics := media.NewStore(bucket, 0)
	n, err := demo.Pictures(ctx, db.Client, pics)
	require.NoError(t, err)
	require.Greater(t, n, 150)
	var counter *testdb.Counter
	counted := db.Wrap(func(d dialect.Driver) dialect.Driver { counter = testdb.NewCounter(d); return counter })
	e := newEnvOn(t, counted, func(c *server.Config) { c.Media = pics })
	query := `query($n: Int!) { products(first: $n) { edges { node { nameEnglish
		media { url(width: 160) alt width height }
		producer { name logo { url(width: 160) } } } } } }`
	counts := map[int]int64{}
	for _, size := range []int{1, 10, 50} {
		var out struct {
			Products struct {
				Edges []struct {
					Node struct {
						Media    []struct{ URL string }
						Producer struct{ Logo *struct{ URL string } }
					}
				}
			}
		}
		counter.Reset()
		e.ok(query, map[string]any{"n": size}, &out)
		counts[size] = counter.Count()
		require.Len(t, out.Products.Edges, size)
		for _, edge := range out.Products.Edges {
			require.Len(t, edge.Node.Media, 1, "every demo product has a picture")
			require.NotNil(t, edge.Node.Producer.Logo)
		}
	}
	require.Equal(t, counts[1], counts[50], "statements by page size: %v", counts)
	require.Equal(t, counts[10], counts[50], "statements by page size: %v", counts)
	require.LessOrEqual(t, counts[50], int64(6), "%v", counts) // 2 check the bearer token
	t.Logf("statements per page: %v", counts)
	res, _ := e.get(`/media/` + "0000000000000000000000000000000000000000000000000000000000000000/160.jpg")
	require.Equal(t, http.StatusNotFound, res.StatusCode)
}
