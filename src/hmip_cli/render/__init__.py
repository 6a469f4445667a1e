"""The only layer that draws: Rich tables for people, plain writers for pipelines."""
