import { type Command, Option } from "commander";
import { defaultOutput, type ExportTarget, exportModelFile, exportTargets } from "../export/index.js";

/** `miann export`: a trained model as C99 or as a CalculiX / Abaqus user material. */
export function registerExport(program: Command): void {
  program
    .command("export")
    .summary("export a model as C, a CalculiX user material, an Abaqus UMAT, PyTorch or NumPy")
    .description(
      "Export a trained model (kind miann, potential or polyconvex) as self-contained code:\n" +
        "parameters baked in, scaling inside, results in physical units.\n" +
        "  c            C99, only libm: energy, stress, stress + tangent, batch, in\n" +
        "               miann's Voigt order (writes <file>.c and <file>.h)\n" +
        "  calculix     CalculiX 2.20 umat_user.f, 3D: Lagrange strain in, PK2 stress\n" +
        "               and dS/dE out (materials named USER...)\n" +
        "  abaqus-umat  Abaqus/Standard UMAT, 3D with NLGEOM: Cauchy stress and the\n" +
        "               Jaumann-rate DDSDDE out (README: What the UMAT assumes)\n" +
        "  pytorch      one Python file, only torch: a torch.nn.Module with raw float64\n" +
        "               parameters, energy/stress/tangent for batches, miann's loss, and\n" +
        "               to_miann_json() for `miann import` (README: From Python)\n" +
        "  numpy        one Python file, only numpy: vectorised stress(E) and\n" +
        "               stress_tangent(E) for (n, d) arrays (e.g. FEniCSx callbacks)\n" +
        "Every export names the model, the SHA-256 of the model file and the\n" +
        "miann version; the Python files check themselves: python3 material.py.\n" +
        "Polyconvex models: c, pytorch and numpy for both variants, calculix and\n" +
        "abaqus-umat for the compressible one.",
    )
    .argument("<model>", "model file written by miann (train, demo or import)")
    .addOption(
      new Option("--to <target>", "what to generate").choices([...exportTargets]).makeOptionMandatory(),
    )
    .option(
      "-o, --output <file>",
      `main output file (default: ${Object.entries(defaultOutput)
        .map(([k, v]) => `${v} for ${k}`)
        .join(", ")}); --to c also writes the header <file>.h`,
    )
    .option("--prefix <name>", "prefix of the generated routine names (letters, digits, _)", "miann")
    .option("--force", "replace output files that miann did not write", false)
    .addHelpText(
      "after",
      `
Examples:
  miann demo && miann export miann-demo/miann.json --to c -o material.c
  miann data generate --material neohookean-abaqus --samples 1000 -o nh.csv
  miann train nh.csv --hidden 8,8 --epochs 200 -o nh.json
  miann export nh.json --to calculix -o umat_user.f
  miann export nh.json --to abaqus-umat -o umat.f --prefix rubber
  miann export nh.json --to pytorch -o material.py && python3 material.py
  miann export nh.json --to numpy -o material_np.py`,
    )
    .action((model: string, opts: { to: ExportTarget; output?: string; prefix: string; force: boolean }) => {
      const written = exportModelFile(model, {
        to: opts.to,
        output: opts.output,
        prefix: opts.prefix,
        force: opts.force,
      });
      for (const path of written) process.stdout.write(`wrote ${path}\n`);
    });
}
