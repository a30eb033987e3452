//go:build dataflow

package main

// Built with -tags dataflow, the command can run on Google Cloud Dataflow
// (-runner dataflow) and read and write gs:// paths. The tag keeps the
// Google Cloud client libraries out of the default build, which CI builds
// from scratch on a new machine.
import (
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
)
