package i18n

func init() {
	for en, id := range map[string]string{
		// Verification notifications (internal/notify, internal/trust).
		"until": "berlaku sampai",
	} {
		indonesian[en] = id
	}
}
