package validate

import "errors"

// MaxCertifications is the most certificates one producer may hold (its own and
// those of its products together). The GraphQL price of `Producer.certifications`
// and `Product.certifications` relies on it.
const MaxCertifications = 50

// ErrTooManyCertifications refuses the certificate past MaxCertifications.
var ErrTooManyCertifications = errors.New("a producer holds at most 50 certificates: remove an expired one first")
