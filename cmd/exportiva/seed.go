package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/exportiva/exportiva/internal/demo"
)

// seedCommand runs `seed`: the Lamongan demo and its accounts (--demo), or a
// synthetic Lamongan at scale (--synthetic).
func seedCommand(ctx context.Context, fs *flag.FlagSet, database *string, args []string, stdout io.Writer) (err error) {
	withDemo := fs.Bool("demo", false, "load the Lamongan demo data")
	synthetic := fs.Bool("synthetic", false, "load a synthetic Lamongan at scale (deterministic for a seed)")
	bucket := mediaFlags(fs)
	o := demo.DefaultSynthetic()
	fs.IntVar(&o.Producers, "producers", o.Producers, "synthetic producers")
	fs.IntVar(&o.Products, "products", o.Products, "synthetic products")
	fs.IntVar(&o.Buyers, "buyers", o.Buyers, "synthetic buyers")
	fs.IntVar(&o.BuyRequests, "buy-requests", o.BuyRequests, "synthetic buy requests")
	fs.IntVar(&o.ExportRecords, "export-records", o.ExportRecords, "synthetic export records")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "random seed of the synthetic data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *withDemo == *synthetic {
		return errors.New("seed: say what to load: --demo or --synthetic")
	}
	db, err := openMigrated(ctx, *database)
	if err != nil {
		return err
	}
	defer closeInto(&err, db)
	if *withDemo {
		pics, err := bucket.open(ctx, *database, 1)
		if err != nil {
			return err
		}
		defer closeInto(&err, pics)
		return loadDemo(ctx, db, pics, stdout)
	}
	start := time.Now()
	s, err := demo.Synthetic(ctx, db.Client, o, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "synthetic (seed %d): %s in %s\n", o.Seed, s, time.Since(start).Round(time.Millisecond))
	return nil
}
