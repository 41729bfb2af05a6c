// Reads the import graph of the TypeScript sources (type-only imports included: a type cycle is
// a design cycle too) and checks it against the layers of the data flow, bottom to top: an
// import may point down or sideways within a layer, never up; no cycle; and a layer reached only
// through its front door is entered there.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");

/** Project-relative file (posix separators) → the project files it imports. */
export type ImportGraph = Map<string, string[]>;

export interface Layer {
  readonly name: string;
  /** Folders (ending in `/`) and files; a file belongs to the layer with its longest match. */
  readonly paths: readonly string[];
}

export interface FrontDoor {
  /** Importers this door applies to (folder prefixes). */
  readonly from: readonly string[];
  /** The folder entered only through the door. */
  readonly inside: string;
  readonly door: string;
  /** Importer → imported pairs let through, each with its reason. */
  readonly exceptions?: readonly { importer: string; imported: string[]; reason: string }[];
}

const REGEX_BEFORE = new Set([..."(,=:[!&|?{};+-*%<>~^"]);

/**
 * The module specifiers of a TypeScript source: the string after `from`, after a bare `import`,
 * and in `import(...)`. Comments, template literals and regular expressions are skipped, so an
 * import written inside generated code or a comment is not one.
 */
export function moduleSpecifiers(source: string): string[] {
  const found: string[] = [];
  let code = ""; // the end of the code read so far, strings replaced by "", comments dropped
  let i = 0;
  // inside a template literal's ${…}: the brace depth at which each template resumes
  const templates: number[] = [];
  let depth = 0;
  const lastCode = () => code.trimEnd().slice(-1);
  while (i < source.length) {
    if (code.length > 256) code = code.slice(-64);
    const c = source[i]!;
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = "";
      while (j < source.length && source[j] !== c) {
        if (source[j] === "\\") j++;
        value += source[j] ?? "";
        j++;
      }
      if (/(?:\bfrom|\bimport|\bimport\s*\()\s*$/.test(code)) found.push(value);
      code += '""';
      i = j + 1;
    } else if (c === "`" || (c === "}" && templates.length > 0 && depth === templates.at(-1))) {
      if (c === "}") templates.pop();
      i = skipTemplate(source, i + 1, () => {
        templates.push(depth);
      });
      code += "``";
    } else if (
      c === "/" &&
      (lastCode() === "" || REGEX_BEFORE.has(lastCode()) || /\b(?:return|typeof|case)\s*$/.test(code))
    ) {
      let j = i + 1;
      let inClass = false;
      while (j < source.length && (inClass || source[j] !== "/") && source[j] !== "\n") {
        if (source[j] === "\\") j++;
        else if (source[j] === "[") inClass = true;
        else if (source[j] === "]") inClass = false;
        j++;
      }
      code += "/r/";
      i = j + 1;
    } else {
      if (c === "{") depth++;
      if (c === "}") depth--;
      code += c;
      i++;
    }
  }
  return found;
}

/** Skips template text from `i`; at `${` calls `enter` and returns the index after it. */
function skipTemplate(source: string, i: number, enter: () => void): number {
  while (i < source.length) {
    if (source[i] === "\\") i += 2;
    else if (source[i] === "`") return i + 1;
    else if (source[i] === "$" && source[i + 1] === "{") {
      enter();
      return i + 2;
    } else i++;
  }
  return i;
}

/**
 * Every `.ts` file under `dirs` of `root` and the `.ts` files each imports by a relative path
 * (those outside `dirs` too: a script that imports a test helper is an edge to check).
 */
export function readGraph(
  root: string,
  dirs: readonly string[],
): { graph: ImportGraph; unresolved: string[] } {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts")) files.push(relative(root, path).split(sep).join("/"));
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  const graph: ImportGraph = new Map();
  const unresolved: string[] = [];
  for (const file of files) {
    const targets = new Set<string>();
    for (const spec of moduleSpecifiers(readFileSync(join(root, file), "utf8"))) {
      if (!spec.startsWith(".")) continue;
      const target = posix.normalize(posix.join(posix.dirname(file), spec));
      if (!existsSync(join(root, target))) unresolved.push(`${file}: "${spec}" names no file`);
      else if (target.endsWith(".ts")) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return { graph, unresolved };
}

/** The layer of a file: the one with the longest matching path; undefined when none matches. */
function layerOf(file: string, layers: readonly Layer[]): number | undefined {
  let best: number | undefined;
  let bestLength = -1;
  layers.forEach((layer, index) => {
    for (const p of layer.paths) {
      const matches = p.endsWith("/") ? file.startsWith(p) : file === p;
      if (matches && p.length > bestLength) {
        best = index;
        bestLength = p.length;
      }
    }
  });
  return best;
}

/** Every import cycle, one per strongly connected component, as a path back to its start. */
export function cycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative over an explicit stack of (node, next edge)
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const [node, edge] = frame;
      if (edge === 0 && !index.has(node)) {
        index.set(node, counter);
        low.set(node, counter++);
        stack.push(node);
        onStack.add(node);
      }
      const targets = graph.get(node) ?? [];
      if (edge < targets.length) {
        frame[1]++;
        const target = targets[edge]!;
        if (!index.has(target)) work.push([target, 0]);
        else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(node)!));
      if (low.get(node) === index.get(node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        const selfLoop = (graph.get(node) ?? []).includes(node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((component) => cycleThrough(graph, new Set(component))).sort();
}

/** A shortest path from the component's first file (in sort order) back to itself. */
function cycleThrough(graph: ImportGraph, members: Set<string>): string[] {
  const start = [...members].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** Every file without a layer, upward import, front-door bypass and cycle, one line each. */
export function layerProblems(
  graph: ImportGraph,
  layers: readonly Layer[],
  doors: readonly FrontDoor[] = [],
): string[] {
  const problems: string[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file, layers);
    if (from === undefined) {
      problems.push(`${file} belongs to no layer: add it, or its folder, to one`);
      continue;
    }
    for (const target of targets) {
      const to = layerOf(target, layers);
      if (to === undefined) problems.push(`${file} imports ${target}, which belongs to no layer`);
      else if (to > from)
        problems.push(
          `${file} (${layers[from]!.name}) imports ${target} (${layers[to]!.name}), a layer above it`,
        );
      for (const door of doors) {
        const applies = door.from.some((p) => file.startsWith(p));
        if (!applies || !target.startsWith(door.inside) || target === door.door) continue;
        const excepted = door.exceptions?.some((e) => e.importer === file && e.imported.includes(target));
        if (!excepted) problems.push(`${file} imports ${target}: enter ${door.inside} through ${door.door}`);
      }
    }
  }
  for (const cycle of cycles(graph)) problems.push(`import cycle: ${cycle.join(" → ")}`);
  return problems.sort();
}
