// Package agree measures how a team's analysts agree: Krippendorff's
// unitizing alpha on what they highlight, and Cohen's and Fleiss' kappa
// on the verdicts they give to claims.
package agree
