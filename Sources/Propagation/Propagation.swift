public import ElementSets
