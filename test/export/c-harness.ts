/**
 * A C driver for the generated material: reads n, then n strains from stdin, prints energy, stress
 * and tangent for each point (%.17g), using the batch routine for stress and tangent and the
 * single-point routines for the energy and a cross-check of stress.
 */
export function cHarness(prefix: string, d: number): string {
  return `#include <stdio.h>
#include <stdlib.h>
#include "material.h"
int main(void)
{
  int n, p, k;
  double *x, *s, *c, s1[${d}];
  if (scanf("%d", &n) != 1) return 2;
  x = malloc(sizeof(double) * n * ${d});
  s = malloc(sizeof(double) * n * ${d});
  c = malloc(sizeof(double) * n * ${d * d});
  for (p = 0; p < n * ${d}; p++)
    if (scanf("%lf", &x[p]) != 1) return 3;
  ${prefix}_stress_tangent_batch((size_t)n, x, s, c);
  for (p = 0; p < n; p++) {
    ${prefix}_stress(x + p * ${d}, s1);
    for (k = 0; k < ${d}; k++)
      if (s1[k] != s[p * ${d} + k]) return 4;
    printf("%.17g\\n", ${prefix}_energy(x + p * ${d}));
    for (k = 0; k < ${d}; k++) printf("%.17g\\n", s[p * ${d} + k]);
    for (k = 0; k < ${d * d}; k++) printf("%.17g\\n", c[p * ${d * d} + k]);
  }
  free(x);
  free(s);
  free(c);
  return 0;
}
`;
}
