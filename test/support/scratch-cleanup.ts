import { afterAll } from "vitest";
import { removeScratchDirs } from "./scratch.js";

// vitest setupFile: runs in each test file before its tests. Registered first, this afterAll runs
// after the file's own (vitest runs after-hooks in reverse order), so browsers and servers a file
// stops in its afterAll are gone before their directories are removed.
afterAll(removeScratchDirs);
