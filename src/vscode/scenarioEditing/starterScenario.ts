// The commented starter file that "New Scenario…" opens: a scenario that runs as it is (no
// diagnostics) and teaches the format on the way: group, topics, consumers with Kafka settings,
// actions, a repeat block and a label. No `vscode` here.

/** The starter scenario, named `name` (a file's base name, e.g. `my-scenario`). */
export function starterScenarioText(name: string): string {
  return `# A Kafka Offset Trace scenario: a simulated consumer group reads, processes and commits, one action
# a line. "▶ Run" (above) shows the execution table step by step; "Debug" steps through it with F10,
# steps back, and stops at breakpoints set on action lines. Hover a setting or a verb to read about it;
# completion (Ctrl+Space) offers verbs, consumers, partitions and Kafka settings.
name: ${name}
title: Commit after processing
summary: Read one record at a time, process it, then commit; every record is processed exactly once.

# The consumer group the consumers join (or a mapping: { id: orders-app, <group settings> }).
group: orders-app

# Topics and the records already in their partitions: orders-0 holds offsets 0, 1 and 2.
# Actions name a partition as topic-N (orders-0). Try { partitions: 2, records: [3, 1] }.
topics:
  orders: { partitions: 1, records: 3 }

# The group's consumers by id, with Kafka's own consumer property names. What a consumer does not
# state takes Kafka's default: enable.auto.commit true, auto.offset.reset latest, max.poll.records 500.
consumers:
  c1:
    enable.auto.commit: false # commit by hand, with commitSync
    auto.offset.reset: earliest # no committed offset yet: start at the log start offset
    max.poll.records: 1 # each poll returns at most one record

# One action a line, each a step of the trace: "<consumer> <verb>", or a verb that needs no consumer
# (wait 6s, produce orders-0 2, delete-records orders-0 1, begin-transaction …). Other consumer verbs:
# commitAsync, commitSync orders-0=2, commitSync processed, seek orders-0 0, crash, restart.
# After processing offset N a consumer commits N + 1: the committed offset is the next one to read.
actions:
  - c1 start # subscribe; the first poll looks the position up
  - repeat 3: # the indented actions run 3 times, like a poll loop
      - c1 poll
      - c1 process
      - c1 commitSync
  - c1 close "Stop consuming" # a quoted label names the step in the table
`;
}
