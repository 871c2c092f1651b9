// Package related ranks articles by how likely they are to be related to
// one article: text similarity (TF-IDF cosine over folded word tokens,
// without stop words), shared speakers and shared tags. Every suggestion
// carries the reasons for its rank, so an analyst can judge it at a glance.
package related
