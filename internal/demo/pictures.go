package demo

import (
	"context"
	"encoding/binary"
	"hash/fnv"
	"image"
	"image/color"
	"image/draw"
	"strings"

	"github.com/disintegration/imaging"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/exportiva/exportiva/ent"
	"github.com/exportiva/exportiva/ent/producer"
	"github.com/exportiva/exportiva/ent/product"
	"github.com/exportiva/exportiva/internal/authz"
	"github.com/exportiva/exportiva/internal/media"
)

// Pictures gives every product without a photo one picture and every producer
// without a logo a logo, all drawn here (a colour by HS chapter, the product's
// name, the producer's initials): the demo's photo grid is never empty and
// nothing is downloaded. It returns how many it drew; a second run draws none.
func Pictures(ctx context.Context, client *ent.Client, store *media.Store) (int, error) {
	ctx = authz.System(ctx)
	products, err := client.Product.Query().Where(product.Not(product.HasMedia())).Order(product.ByID()).All(ctx)
	if err != nil {
		return 0, err
	}
	producers, err := client.Producer.Query().Where(producer.Not(producer.HasLogo())).Order(producer.ByID()).All(ctx)
	if err != nil {
		return 0, err
	}
	// One transaction: the photo limit's hook takes its lock in it (a bulk
	// create outside one would take the same striped mutex once per row).
	tx, err := client.Tx(ctx)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }() // after Commit: a no-op
	var rows []*ent.MediaCreate
	for _, p := range products {
		img, err := store.Keep(ctx, productPicture(p), media.JPEG)
		if err != nil {
			return 0, err
		}
		rows = append(rows, tx.Media.Create().SetProducerID(p.ProducerID).SetProductID(p.ID).SetPosition(0).
			SetAlt("Picture of "+p.NameEnglish).SetHash(img.Hash).SetFormat(img.Format).
			SetWidth(img.Width).SetHeight(img.Height).SetBytes(len(img.Data)))
	}
	for _, p := range producers {
		img, err := store.Keep(ctx, logoPicture(p.Name), media.PNG)
		if err != nil {
			return 0, err
		}
		rows = append(rows, tx.Media.Create().SetProducerID(p.ID).SetLogoOfID(p.ID).
			SetAlt("Logo of "+p.Name).SetHash(img.Hash).SetFormat(img.Format).
			SetWidth(img.Width).SetHeight(img.Height).SetBytes(len(img.Data)))
	}
	for len(rows) > 0 {
		n := min(len(rows), 100)
		if err := tx.Media.CreateBulk(rows[:n]...).Exec(ctx); err != nil {
			return 0, err
		}
		rows = rows[n:]
	}
	return len(products) + len(producers), tx.Commit()
}

// chapterColours are the background colours of the product pictures by HS
// chapter: sea blue for fish, sand for footwear, green for plastics, wood for
// timber and furniture.
var chapterColours = map[string][2]color.NRGBA{
	"03": {{0x0b, 0x4f, 0x8a, 255}, {0x5f, 0xb3, 0xe6, 255}},
	"16": {{0x8a, 0x2d, 0x0b, 255}, {0xe6, 0x9b, 0x5f, 255}},
	"19": {{0x9a, 0x7b, 0x12, 255}, {0xf2, 0xd7, 0x7a, 255}},
	"64": {{0x4a, 0x33, 0x22, 255}, {0xc9, 0xa3, 0x7d, 255}},
	"39": {{0x1d, 0x6b, 0x3a, 255}, {0x8e, 0xd8, 0xa5, 255}},
	"44": {{0x5c, 0x3b, 0x17, 255}, {0xd0, 0x9a, 0x5a, 255}},
	"94": {{0x3d, 0x2a, 0x16, 255}, {0xb0, 0x84, 0x55, 255}},
}

// productPicture draws a 640 × 480 picture for a product: a gradient in the
// colours of its chapter, a pattern of circles placed by its id, its name.
func productPicture(p *ent.Product) image.Image {
	const w, h = 640, 480
	cs, ok := chapterColours[p.HsChapter]
	if !ok {
		cs = [2]color.NRGBA{{0x33, 0x33, 0x55, 255}, {0x99, 0x99, 0xcc, 255}}
	}
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		t := float64(y) / h
		c := color.NRGBA{mix(cs[0].R, cs[1].R, t), mix(cs[0].G, cs[1].G, t), mix(cs[0].B, cs[1].B, t), 255}
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, c)
		}
	}
	hs := fnv.New32a()
	_, _ = hs.Write([]byte(p.NameEnglish))
	seed := hs.Sum32()
	for i := 0; i < 6; i++ {
		cx := int(seed>>(i*3)%uint32(w-80)) + 40
		cy := int(seed>>(i*2+5)%uint32(h-200)) + 60
		r := 20 + int(seed>>(i+7)%50)
		disc(img, cx, cy, r, color.NRGBA{255, 255, 255, 60})
	}
	// The name, drawn small and scaled up three times.
	name := p.NameEnglish
	if len(name) > 28 {
		name = name[:28]
	}
	label := image.NewNRGBA(image.Rect(0, 0, 7*len(name)+8, 20))
	draw.Draw(label, label.Bounds(), &image.Uniform{color.NRGBA{0, 0, 0, 110}}, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: label, Src: image.White, Face: basicfont.Face7x13, Dot: fixed.P(4, 14)}
	d.DrawString(name)
	big := imaging.Resize(label, label.Bounds().Dx()*3, 0, imaging.NearestNeighbor)
	at := image.Pt(max(0, (w-big.Bounds().Dx())/2), h-big.Bounds().Dy()-30)
	draw.Draw(img, big.Bounds().Add(at), big, image.Point{}, draw.Over)
	return img
}

// logoPicture draws a 256 × 256 logo: a disc with the producer's initials.
func logoPicture(name string) image.Image {
	const size = 256
	hs := fnv.New32a()
	_, _ = hs.Write([]byte(name))
	seed := hs.Sum32()
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	var rgb [4]byte
	binary.LittleEndian.PutUint32(rgb[:], seed)
	disc(img, size/2, size/2, size/2-4, color.NRGBA{rgb[0], rgb[1], rgb[2], 255})
	initials := ""
	for _, word := range strings.Fields(strings.NewReplacer("PT ", "", "CV ", "", "UD ", "").Replace(name)) {
		if len(initials) < 2 {
			initials += strings.ToUpper(word[:1])
		}
	}
	label := image.NewNRGBA(image.Rect(0, 0, 7*len(initials)+2, 14))
	d := &font.Drawer{Dst: label, Src: image.White, Face: basicfont.Face7x13, Dot: fixed.P(1, 11)}
	d.DrawString(initials)
	big := imaging.Resize(label, label.Bounds().Dx()*8, 0, imaging.NearestNeighbor)
	at := image.Pt((size-big.Bounds().Dx())/2, (size-big.Bounds().Dy())/2)
	draw.Draw(img, big.Bounds().Add(at), big, image.Point{}, draw.Over)
	return img
}

func mix(a, b uint8, t float64) uint8 { return uint8(float64(a)*(1-t) + float64(b)*t) }

// disc blends a filled circle into img.
func disc(img *image.NRGBA, cx, cy, r int, c color.NRGBA) {
	a := float64(c.A) / 255
	for y := max(cy-r, 0); y <= min(cy+r, img.Bounds().Dy()-1); y++ {
		for x := max(cx-r, 0); x <= min(cx+r, img.Bounds().Dx()-1); x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) > r*r {
				continue
			}
			i := img.PixOffset(x, y)
			p := img.Pix[i : i+4 : i+4]
			p[0] = uint8(float64(p[0])*(1-a) + float64(c.R)*a)
			p[1] = uint8(float64(p[1])*(1-a) + float64(c.G)*a)
			p[2] = uint8(float64(p[2])*(1-a) + float64(c.B)*a)
			p[3] = uint8(float64(p[3])*(1-a) + 255*a)
		}
	}
}
