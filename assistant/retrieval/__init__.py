"""Finding passages: lexical, character n-gram and dense rankers, fused."""
