// scratch exploration (to delete)
import { Admin, Producer } from '@platformatic/kafka';
import { runBuiltCli } from '../support/builtCli';
import { startKafka } from './kafkaBroker';

const topic = 'failure-orders';
const groupId = 'failure-group';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const log = (...a: unknown[]): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

async function main(): Promise<void> {
  const kafka = await startKafka({ brokers: 3 });
  log('started', kafka.bootstrapServers, kafka.nodes.map((n) => `${n.id}:${n.port}`).join(' '));
  try {
    const bootstrapBrokers = kafka.bootstrapServers.split(',');
    const admin = new Admin({ clientId: 'x', bootstrapBrokers });
    await admin.createTopics({ topics: [topic], partitions: 6, replicas: 3 });
    const producer = new Producer({ clientId: 'p', bootstrapBrokers, autocreateTopics: false, idempotent: true });
    await producer.send({
      messages: [0, 1, 2, 3, 4, 5].flatMap((partition) =>
        Array.from({ length: 5 + partition }, (_, i) => ({ topic, partition, value: Buffer.from(`${partition}-${i}`) })),
      ),
    });
    await producer.close();
    await admin.alterConsumerGroupOffsets({
      groupId,
      topics: [{ name: topic, partitionOffsets: [0, 1, 2, 3, 4, 5].map((p) => ({ partition: p, offset: BigInt(p) })) }],
    });
    await admin.alterConsumerGroupOffsets({
      groupId: 'second-group',
      topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 1n }] }],
    });
    await admin.close();
    const bs = kafka.bootstrapServers;
    const ours = (args: string[]) => runBuiltCli([...args, '--bootstrap-server', bs]);
    const tool = (args: string[]) => kafka.runTool('consumer-groups', args, { timeoutMs: 30_000 });
    const show = (name: string, r: { code: number | null; stdout: string; stderr: string }) =>
      log(`${name} exit ${r.code}\n--stdout--\n${r.stdout}--stderr--\n${r.stderr}--`);
    show('ours --state', await ours(['describe', '--group', groupId, '--state']));
    show('tool --state', await tool(['--describe', '--group', groupId, '--state']));
    show('ours', await ours(['describe', '--group', groupId, '--request-stats']));
    show('tool', await tool(['--describe', '--group', groupId]));
    show('topics', await kafka.runTool('topics', ['--describe', '--topic', topic]));
    const st = await ours(['describe', '--group', groupId, '--state']);
    const coordId = Number(/\((\d+)\)/.exec(st.stdout)?.[1]);
    log('coordinator', coordId);
    const stopP = kafka.stopNode(coordId);
    const live = bs.split(',').filter((s) => !s.endsWith(`:${kafka.nodes.find((n) => n.id === coordId)?.port}`)).join(',');
    for (let i = 0; i < 6; i++) {
      const [d, l] = await Promise.all([
        runBuiltCli(['describe', '--group', groupId, '--bootstrap-server', bs, '--request-stats']),
        runBuiltCli(['list', '--bootstrap-server', bs]),
      ]);
      show(`during stop ${i} describe (${d.elapsedMs} ms)`, d);
      show(`during stop ${i} list (${l.elapsedMs} ms)`, l);
      await sleep(300);
    }
    await stopP;
    log('stopped');
    show('ours after', await ours(['describe', '--group', groupId, '--request-stats']));
    show('tool after', await kafka.runTool('consumer-groups', ['--describe', '--group', groupId, '--bootstrap-server', live]));
    show('tool after all bs', await tool(['--describe', '--group', groupId]));
    show('ours --state', await ours(['describe', '--group', groupId, '--state']));
    show('tool --state', await tool(['--describe', '--group', groupId, '--state']));
    show('list', await ours(['list']));
    show('tool list', await tool(['--list']));
    await kafka.restartStoppedNodes();
    log('restarted');
    show('topics', await kafka.runTool('topics', ['--describe', '--topic', topic]));
    const st2 = await ours(['describe', '--group', groupId, '--state']);
    const coord2 = Number(/\((\d+)\)/.exec(st2.stdout)?.[1]);
    log('coordinator', coord2);
    const a2 = new Admin({ clientId: 'x', bootstrapBrokers });
    const parts = (await a2.metadata({ topics: [topic] })).topics.get(topic)?.partitions ?? [];
    await a2.close();
    const leaders = [...Object.values(parts)].map((p) => p.leader);
    log('leaders', JSON.stringify(leaders));
    const victimId = leaders.find((l) => l !== coord2);
    const victim = kafka.nodes.find((n) => n.id === victimId)!;
    log('killing', victimId);
    process.kill(victim.pid!, 'SIGKILL');
    for (let i = 0; i < 20; i++) {
      const [d, t] = await Promise.all([
        runBuiltCli(['describe', '--group', groupId, '--bootstrap-server', bs, '--request-stats']),
        tool(['--describe', '--group', groupId]),
      ]);
      show(`after kill ${i} ours (${d.elapsedMs} ms)`, d);
      show(`after kill ${i} tool`, t);
      if (i % 3 === 0) show('topics', await kafka.runTool('topics', ['--describe', '--topic', topic]));
      await sleep(500);
    }
    show('all ours', await ours(['describe', '--all-groups']));
    show('all tool', await tool(['--describe', '--all-groups']));
  } finally {
    await kafka.stop();
  }
}
main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
