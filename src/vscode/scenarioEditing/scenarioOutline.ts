// What a scenario file declares, read leniently (a half-typed file still gives what it can): the
// consumer ids with the settings each already states, the topics' partitions, the group's settings.
// Completion offers these. No `vscode` here.

import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';

/** The declarations of one scenario file. */
export interface ScenarioOutline {
  /** Consumer ids in file order, with the setting names each one states. */
  readonly consumers: readonly { readonly id: string; readonly settings: readonly string[] }[];
  /** Topics in file order with their partition counts and the keys each one states. */
  readonly topics: readonly { readonly name: string; readonly partitions: number; readonly keys: readonly string[] }[];
  /** The setting names the `group:` mapping states (none when `group` is a plain id). */
  readonly groupSettings: readonly string[];
  /** The top-level keys present. */
  readonly keys: readonly string[];
}

/** The most partitions offered per topic, so that a typo such as `partitions: 100000` stays harmless. */
const maxOfferedPartitions = 64;

/** Reads the declarations of `text`; never throws. */
export function scenarioOutline(text: string): ScenarioOutline {
  let root: unknown;
  try {
    root = parseDocument(text, { uniqueKeys: false }).contents;
  } catch {
    root = undefined;
  }
  if (!isMap(root)) return { consumers: [], topics: [], groupSettings: [], keys: [] };
  const consumers = entries(root.get('consumers')).map(([id, value]) => ({ id, settings: keysOf(value) }));
  const topics = entries(root.get('topics')).map(([name, value]) => ({
    name,
    partitions: partitionCount(value),
    keys: keysOf(value),
  }));
  const group = root.get('group');
  return {
    consumers,
    topics,
    groupSettings: keysOf(group).filter((key) => key !== 'id'),
    keys: keysOf(root),
  };
}

/** Every `name-N` partition of the outline's topics, in order. */
export function partitionNames(outline: ScenarioOutline): string[] {
  return outline.topics.flatMap((topic) =>
    Array.from({ length: Math.min(topic.partitions, maxOfferedPartitions) }, (_, index) => `${topic.name}-${index}`),
  );
}

function entries(node: unknown): [string, unknown][] {
  if (!isMap(node)) return [];
  return (node as YAMLMap<unknown, unknown>).items.flatMap((pair): [string, unknown][] => {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    return typeof key === 'string' || typeof key === 'number' ? [[String(key), pair.value]] : [];
  });
}

function keysOf(node: unknown): string[] {
  return entries(node).map(([key]) => key);
}

/** `partitions: N`, else the length of a `records` or `logStart` list, else 1. */
function partitionCount(node: unknown): number {
  if (!isMap(node)) return 1;
  const partitions = node.get('partitions');
  const stated = isScalar(partitions) ? partitions.value : partitions;
  if (typeof stated === 'number' && Number.isInteger(stated) && stated > 0) return stated;
  if (typeof stated === 'string' && /^\d+$/.test(stated.trim()) && Number(stated) > 0) return Number(stated);
  for (const key of ['records', 'logStart']) {
    const list = node.get(key);
    if (isSeq(list) && list.items.length > 0) return list.items.length;
  }
  return 1;
}
