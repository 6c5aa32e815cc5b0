import type { CheckPoints } from "./check-points.js";
import { pyNested } from "./python-source.js";

/**
 * The `__main__` block both Python exports end with: the stored strains, the stresses miann
 * computed there at export time, and a comparison that prints both and exits with status 1 when
 * any component differs by more than 1e-12 relative to the largest stress component at its point.
 * `evaluate` is Python that sets `got` (a list of n lists of d floats) from `_CHECK_STRAIN`.
 */
export function selfCheckPython(check: CheckPoints, d: number, evaluate: string): string {
  return `# strains and the stresses miann computed there when it wrote this file
_CHECK_STRAIN = ${pyNested(check.strain, [check.count, d], "")}
_CHECK_STRESS = ${pyNested(check.stress, [check.count, d], "")}


def self_check(tolerance=1e-12):
    """Stress at the stored strains against miann's values; returns the largest relative error."""
${evaluate}
    worst = 0.0
    for strain, want, have in zip(_CHECK_STRAIN, _CHECK_STRESS, got):
        scale = max(max(abs(v) for v in want), 1e-300)
        err = max(abs(a - b) for a, b in zip(have, want)) / scale
        worst = max(worst, err) if err == err else float("inf")
        print("strain", " ".join(f"{v:.6e}" for v in strain))
        print("  miann ", " ".join(f"{v:.16e}" for v in want))
        print("  here  ", " ".join(f"{v:.16e}" for v in have), f"(relative error {err:.2e})")
    return worst


if __name__ == "__main__":
    worst = self_check()
    if not worst <= 1e-12:
        print(f"self-check FAILED: largest relative error {worst:.3e} > 1e-12")
        sys.exit(1)
    print(f"self-check passed: largest relative error {worst:.3e} (limit 1e-12)")
`;
}
