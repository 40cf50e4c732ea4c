package validate

import "errors"

// MaxCertifications is the most certificates one producer may hold (its own and
// those of its products together). The GraphQL price of `Producer.certifications`
// and `Product.certifications` relies on it.
const MaxCertifications = 50

// ErrTooManyCertifications refuses the certificate past MaxCertifications.
var ErrTooManyCertifications = errors.New("a producer holds at most 50 certificates: remove an expired one first")

// MaxProductMedia is the most photos one product may have. The GraphQL price of
// `Product.media` relies on it.
const MaxProductMedia = 12

// MaxAltText is the longest description of a picture, in characters.
const MaxAltText = 300

// ErrTooManyMedia refuses the photo past MaxProductMedia.
var ErrTooManyMedia = errors.New("a product has at most 12 photos: delete one first")
