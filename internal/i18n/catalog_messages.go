package i18n

func init() {
	for en, id := range map[string]string{
		// Facet labels (internal/catalog).
		"Verified producer":        "Produsen terverifikasi",
		"Not verified":             "Belum terverifikasi",
		"under %s t/month":         "di bawah %s t/bulan",
		"%s–%s t/month":            "%s–%s t/bulan",
		"%s t/month and more":      "%s t/bulan ke atas",
		"under %s %s/kg":           "di bawah %s %s/kg",
		"%s–%s %s/kg":              "%s–%s %s/kg",
		"%s %s/kg and more":        "%s %s/kg ke atas",
		"RELEVANCE needs a search": "RELEVANCE memerlukan pencarian",
	} {
		indonesian[en] = id
	}
}
