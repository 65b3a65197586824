// The umbrella module: `import Perigee` brings in every library module.
@_exported public import Astrodynamics
@_exported public import ElementSets
@_exported public import Propagation
@_exported public import Observation
@_exported public import OrbitHistory
@_exported public import Conjunctions
#if canImport(Catalog)
@_exported public import Catalog
#endif
