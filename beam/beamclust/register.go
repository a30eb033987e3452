package beamclust

import (
	"context"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Beam finds DoFns, combiners and element types of a pipeline by name at
// run time on the workers, so they are registered when the package loads:
// the one use of init in newsclust, which Beam requires.
func init() {
	for _, t := range []any{Input{}, Doc{}, DocTerms{}, Row{}, TermStat{}, Line{}, Placed{}, Centroids{}, ClusterSum{}} {
		beam.RegisterType(reflect.TypeOf(t))
	}
	register.DoFn3x1[context.Context, Input, func(Doc), error](&readFn{})
	register.DoFn2x0[Doc, func(DocTerms)](&countFn{})
	register.DoFn3x0[Doc, func(string, TermStat), func(string, int64)](&vocabCountFn{})
	register.Function2x1(addStats)
	register.Function2x1(statLine)
	register.Function2x1(surfaceLine)
	register.Function1x1(countDocsLine)
	register.Function1x1(idLine)
	register.DoFn4x1[DocTerms, func(Line), func(Line), func(string), error](&rowFn{})
	register.Function3x1(readCentroidsFn)
	register.DoFn3x1[string, Centroids, func(int, Row), error](&assignFn{})
	register.Combiner3[ClusterSum, Row, ClusterSum](&sumFn{})
	register.Function2x2(sumLine)
	register.DoFn4x1[string, Centroids, Centroids, func(Placed), error](&placeFn{})
	register.Function1x2(countKey)
	register.Function2x1(countLine)
	register.DoFn1x2[Line, int, Line](&keyLineFn{})
	register.DoFn3x1[context.Context, int, func(*Line) bool, error](&writeLinesFn{})
	register.DoFn1x2[Placed, int, Placed](&keyPlacedFn{})
	register.DoFn3x1[context.Context, int, func(*Placed) bool, error](&writeAssignmentsFn{})
	register.Emitter1[Doc]()
	register.Emitter1[DocTerms]()
	register.Emitter2[string, int64]()
	register.Emitter2[string, TermStat]()
	register.Emitter1[Line]()
	register.Emitter1[string]()
	register.Emitter1[Centroids]()
	register.Emitter2[int, Row]()
	register.Emitter1[Placed]()
	register.Iter1[Line]()
	register.Iter1[Placed]()
}
