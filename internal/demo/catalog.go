package demo

import (
	d "github.com/exportiva/exportiva/internal/domain"
)

// productTemplate describes a product line typical of a Lamongan sector.
type productTemplate struct {
	nameID, nameEN, descEN string
	hs                     string
	species, material      string
	form                   d.ProductForm
	unit                   d.Unit
	moq                    float64 // in unit
	capMin, capMax         float64 // per month, in capUnit
	capUnit                d.Unit
	priceMin, priceMax     float64 // USD per unit
	incoterm               d.Incoterm
	lead                   int
	shelf                  int
	packSize               float64
	packUnit               d.Unit
	packaging              string
	load20, load40         float64
	loadUnit               d.Unit
}

var templates = map[d.Sector][]productTemplate{
	d.SectorFishery: {
		{"Ikan tengiri beku utuh", "Frozen Spanish mackerel (tengiri), whole round", "Whole round seerfish from the Java Sea, blast frozen at -35 °C within hours of landing at Brondong.",
			"030359", "Scomberomorus commerson", "", d.FormFrozen, d.UnitKG, 1000, 4, 25, d.UnitTonne, 3.1, 4.2, "CFR", 14, 540,
			20, d.UnitKG, "20 kg master carton, 2 × 10 kg blocks", 15, 26, d.UnitTonne},
		{"Ikan tengiri beku potong steak", "Frozen Spanish mackerel steaks", "Seerfish steaks, 2–3 cm, individually quick frozen, vacuum packed.",
			"030359", "Scomberomorus commerson", "", d.FormFrozen, d.UnitKG, 500, 1, 5, d.UnitTonne, 5.4, 6.8, "CFR", 21, 540,
			10, d.UnitKG, "10 kg carton, 1 kg vacuum packs", 14, 24, d.UnitTonne},
		{"Ikan cakalang beku", "Frozen skipjack tuna (cakalang), whole round", "Whole round skipjack, brine frozen, for canneries and loin processors.",
			"030343", "Katsuwonus pelamis", "", d.FormFrozen, d.UnitKG, 2000, 8, 30, d.UnitTonne, 1.5, 2.1, "CFR", 14, 540,
			20, d.UnitKG, "20 kg carton or bulk in reefer", 15, 27, d.UnitTonne},
		{"Ikan tuna sirip kuning beku", "Frozen yellowfin tuna, whole round", "Yellowfin tuna, gilled and gutted, ultra-low temperature frozen.",
			"030342", "Thunnus albacares", "", d.FormFrozen, d.UnitKG, 1000, 3, 12, d.UnitTonne, 3.8, 5.5, "CFR", 21, 540,
			0, "", "bulk in reefer, individually bagged", 14, 25, d.UnitTonne},
		{"Ikan tongkol beku", "Frozen mackerel tuna (tongkol)", "Little tuna (kawakawa), whole round, frozen in 10 kg blocks.",
			"030389", "Euthynnus affinis", "", d.FormFrozen, d.UnitKG, 1000, 5, 20, d.UnitTonne, 1.3, 1.9, "FOB", 10, 540,
			10, d.UnitKG, "10 kg block, 2 blocks per carton", 15, 26, d.UnitTonne},
		{"Loin tuna beku", "Frozen tuna loins", "Precooked or raw yellowfin and skipjack loins, CO-free, vacuum packed.",
			"030487", "Thunnus albacares", "", d.FormFrozen, d.UnitKG, 500, 1, 6, d.UnitTonne, 6.5, 8.9, "CFR", 21, 720,
			20, d.UnitKG, "20 kg carton, vacuum-packed loins", 14, 24, d.UnitTonne},
		{"Udang vaname beku", "Frozen vannamei shrimp", "Headless shell-on and peeled vannamei from Lamongan ponds, IQF.",
			"030617", "Litopenaeus vannamei", "", d.FormFrozen, d.UnitKG, 1000, 2, 10, d.UnitTonne, 6.2, 9.5, "CFR", 21, 540,
			10, d.UnitKG, "10 × 1 kg printed bags per carton", 12, 22, d.UnitTonne},
		{"Daging rajungan pasteurisasi", "Pasteurised blue swimming crab meat (rajungan)", "Jumbo lump, lump and claw meat of Portunus pelagicus in 1 lb cans, pasteurised.",
			"160510", "Portunus pelagicus", "", d.FormProcessed, d.UnitLB, 1200, 2000, 12000, d.UnitLB, 9.5, 17.0, "CIF", 30, 540,
			12, d.UnitLB, "12 × 1 lb cans per carton", 14000, 24000, d.UnitLB},
		{"Cumi-cumi beku", "Frozen squid", "Whole cleaned squid (Loligo), block frozen.",
			"030743", "Loligo spp.", "", d.FormFrozen, d.UnitKG, 1000, 2, 8, d.UnitTonne, 2.8, 4.0, "CFR", 14, 540,
			10, d.UnitKG, "10 kg block carton", 15, 26, d.UnitTonne},
		{"Surimi ikan kurisi", "Threadfin bream surimi", "Frozen surimi from threadfin bream (kurisi), grade AA/A.",
			"030499", "Nemipterus spp.", "", d.FormFrozen, d.UnitKG, 2000, 5, 25, d.UnitTonne, 1.9, 2.6, "FOB", 21, 720,
			20, d.UnitKG, "20 kg block in carton", 18, 27, d.UnitTonne},
		{"Tuna kaleng dalam minyak", "Canned tuna in oil", "Skipjack chunks in sunflower oil, 185 g cans.",
			"160414", "Katsuwonus pelamis", "", d.FormCanned, d.UnitKG, 2000, 3, 12, d.UnitTonne, 3.4, 4.6, "CIF", 30, 1460,
			8.88, d.UnitKG, "48 × 185 g cans per carton", 18, 25, d.UnitTonne},
		{"Ikan teri kering", "Dried anchovy (teri)", "Sun-dried anchovy from the north coast, graded by size.",
			"030559", "Stolephorus spp.", "", d.FormDried, d.UnitKG, 300, 0.5, 3, d.UnitTonne, 4.5, 7.2, "FOB", 10, 365,
			10, d.UnitKG, "10 kg carton", 8, 14, d.UnitTonne},
	},
	d.SectorFoodBeverage: {
		{"Kerupuk ikan mentah", "Raw fish crackers (kerupuk ikan)", "Uncooked mackerel crackers, ready to fry, no MSG.",
			"190590", "", "tapioca, mackerel", d.FormProcessed, d.UnitKG, 500, 1, 6, d.UnitTonne, 2.2, 3.1, "FOB", 14, 365,
			10, d.UnitKG, "10 kg carton, 500 g retail packs", 9, 18, d.UnitTonne},
		{"Kerupuk udang", "Prawn crackers (kerupuk udang)", "Prawn crackers with at least 20% prawn, raw.",
			"190590", "", "tapioca, prawn", d.FormProcessed, d.UnitKG, 500, 1, 5, d.UnitTonne, 3.0, 4.4, "FOB", 14, 365,
			10, d.UnitKG, "10 kg carton", 9, 18, d.UnitTonne},
		{"Abon ikan tuna", "Tuna floss (abon ikan)", "Shredded seasoned tuna, fried and dried, halal.",
			"160420", "Katsuwonus pelamis", "", d.FormProcessed, d.UnitKG, 200, 0.3, 2, d.UnitTonne, 9.0, 12.0, "FOB", 14, 270,
			6, d.UnitKG, "30 × 200 g pouches per carton", 6, 12, d.UnitTonne},
		{"Ikan asap", "Smoked fish (ikan asap)", "Traditionally smoked tongkol and bandeng, vacuum packed, frozen.",
			"030549", "Euthynnus affinis", "", d.FormProcessed, d.UnitKG, 300, 0.5, 2, d.UnitTonne, 4.0, 5.5, "FOB", 10, 180,
			10, d.UnitKG, "10 kg carton", 12, 22, d.UnitTonne},
		{"Keripik tempe", "Tempeh chips", "Crispy tempeh chips, lightly salted.",
			"200899", "", "soybean", d.FormProcessed, d.UnitKG, 200, 0.5, 3, d.UnitTonne, 3.5, 4.8, "FOB", 10, 270,
			5, d.UnitKG, "20 × 250 g packs per carton", 5, 10, d.UnitTonne},
		{"Sambal bandeng", "Milkfish chilli relish", "Jarred sambal with milkfish flakes.",
			"210390", "", "chilli, milkfish", d.FormProcessed, d.UnitPiece, 2000, 5000, 30000, d.UnitPiece, 1.1, 1.6, "FOB", 14, 365,
			24, d.UnitPiece, "24 jars per carton", 48000, 96000, d.UnitPiece},
	},
	d.SectorFootwear: {
		{"Sandal jepit karet", "Rubber flip-flops", "EVA and rubber flip-flops, sizes 36–45.",
			"640299", "", "rubber, EVA", d.FormManufactured, d.UnitPair, 3000, 10000, 60000, d.UnitPair, 0.9, 1.6, "FOB", 30, 0,
			60, d.UnitPair, "60 pairs per carton", 18000, 40000, d.UnitPair},
		{"Sepatu kulit pria", "Men's leather shoes", "Goodyear-welted leather shoes, cow leather upper.",
			"640399", "", "cow leather", d.FormManufactured, d.UnitPair, 500, 1000, 6000, d.UnitPair, 14.0, 24.0, "FOB", 45, 0,
			12, d.UnitPair, "12 pairs per carton", 3000, 6500, d.UnitPair},
		{"Sepatu olahraga", "Sports shoes, textile upper", "Running and training shoes, mesh upper, rubber sole.",
			"640411", "", "polyester mesh, rubber", d.FormManufactured, d.UnitPair, 1000, 2000, 15000, d.UnitPair, 6.5, 11.0, "FOB", 45, 0,
			12, d.UnitPair, "12 pairs per carton", 3500, 7500, d.UnitPair},
		{"Sepatu kanvas", "Canvas shoes", "Vulcanised canvas sneakers.",
			"640419", "", "cotton canvas, rubber", d.FormManufactured, d.UnitPair, 1000, 2000, 12000, d.UnitPair, 4.0, 6.5, "FOB", 40, 0,
			24, d.UnitPair, "24 pairs per carton", 5000, 10000, d.UnitPair},
	},
	d.SectorPlastics: {
		{"Kantong plastik HDPE", "HDPE shopping bags", "T-shirt bags, printed to order.",
			"392321", "", "HDPE", d.FormManufactured, d.UnitKG, 1000, 5, 40, d.UnitTonne, 1.6, 2.2, "FOB", 21, 0,
			25, d.UnitKG, "25 kg bale", 12, 24, d.UnitTonne},
		{"Karung plastik anyaman PP", "PP woven sacks", "Woven polypropylene sacks, 50 kg capacity, laminated or plain.",
			"392329", "", "polypropylene", d.FormManufactured, d.UnitPiece, 20000, 100000, 800000, d.UnitPiece, 0.08, 0.14, "FOB", 21, 0,
			1000, d.UnitPiece, "bales of 1,000 sacks", 180000, 400000, d.UnitPiece},
		{"Peralatan makan plastik", "Plastic tableware", "Melamine and PP plates, bowls and cups.",
			"392410", "", "melamine, PP", d.FormManufactured, d.UnitPiece, 5000, 20000, 150000, d.UnitPiece, 0.25, 0.9, "FOB", 30, 0,
			100, d.UnitPiece, "100 pieces per carton", 60000, 130000, d.UnitPiece},
		{"Kursi plastik", "Plastic chairs", "Stackable monobloc PP chairs.",
			"940370", "", "polypropylene", d.FormManufactured, d.UnitPiece, 500, 2000, 15000, d.UnitPiece, 3.2, 5.0, "FOB", 30, 0,
			0, "", "stacked, shrink-wrapped", 1500, 3200, d.UnitPiece},
	},
	d.SectorForestProducts: {
		{"Kayu gergajian jati", "Teak sawn timber", "Kiln-dried plantation teak (Perhutani), FAS grade.",
			"440729", "Tectona grandis", "teak", d.FormManufactured, d.UnitCubicMetre, 10, 20, 120, d.UnitCubicMetre, 650, 1100, "FOB", 30, 0,
			0, "", "bundles, strapped", 20, 42, d.UnitCubicMetre},
		{"Venir kayu mahoni", "Mahogany veneer", "Sliced mahogany veneer, 0.5 mm.",
			"440890", "Swietenia macrophylla", "mahogany", d.FormManufactured, d.UnitCubicMetre, 5, 10, 60, d.UnitCubicMetre, 480, 760, "FOB", 30, 0,
			0, "", "bundles on pallets", 22, 45, d.UnitCubicMetre},
		{"Moulding kayu", "Tropical wood mouldings", "Profiled mouldings and skirting, finger-jointed.",
			"440922", "", "meranti", d.FormManufactured, d.UnitCubicMetre, 5, 10, 50, d.UnitCubicMetre, 520, 820, "FOB", 30, 0,
			0, "", "bundles, wrapped", 24, 48, d.UnitCubicMetre},
	},
	d.SectorFurniture: {
		{"Kursi makan kayu jati", "Teak dining chairs", "Solid teak dining chairs, natural oil finish.",
			"940360", "", "teak", d.FormManufactured, d.UnitPiece, 100, 300, 2000, d.UnitPiece, 45, 85, "FOB", 45, 0,
			2, d.UnitPiece, "2 chairs per carton", 220, 480, d.UnitPiece},
		{"Meja taman kayu", "Wooden garden tables", "Teak and mahogany garden tables, knock-down.",
			"940360", "", "teak, mahogany", d.FormManufactured, d.UnitPiece, 50, 100, 800, d.UnitPiece, 90, 220, "FOB", 60, 0,
			1, d.UnitPiece, "1 table per carton", 90, 200, d.UnitPiece},
	},
}
