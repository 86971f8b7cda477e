// The driver that runs a scenario's steps on a real broker with Kafka's own Java clients (run-on-kafka).
// `java -cp <kafka jars> OffsetTraceDriver.java consumer|cluster ...` runs it straight from this source file.
// It reads one command a line on stdin and answers each with one JSON line on stdout:
//   consumer role: a real KafkaConsumer (classic or consumer protocol, as its properties say);
//                  subscribe, poll, commitSync, commitOffsets, commitAsync, seek, close, exit.
//                  A crash is a SIGKILL of this JVM by the runner.
//   cluster role:  an Admin client and the scenario's producers; createTopic, produce, begin,
//                  produceTx, commitTx, abortTx, deleteRecords, groupConfig, observe, exit.
// Every answer is {"ok":true,...} or {"ok":false,"error":"<exception class>","message":"..."}.
// It registers no rebalance listener (a listener changes when the consumer protocol revokes).

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class OffsetTraceDriver {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  public static void main(String[] args) throws Exception {
    // Kafka's clients log through slf4j; without a binding on the classpath they stay quiet, and
    // with one the runner reads only stdout lines that start with '{'.
    if (args.length < 2) {
      System.err.println("usage: OffsetTraceDriver consumer|cluster BOOTSTRAP [key=value ...]");
      System.exit(2);
    }
    Properties props = new Properties();
    props.put("bootstrap.servers", args[1]);
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq > 0) props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    Role role;
    try {
      role = args[0].equals("consumer") ? new ConsumerRole(props) : new ClusterRole(props);
    } catch (Throwable e) {
      // A client that cannot be built (a bad setting, a host that does not resolve): one answer, no stack trace.
      Json failure = new Json();
      failure.failed(e instanceof Exception ? (Exception) e : new RuntimeException(e));
      OUT.println(failure.text());
      System.exit(1);
      return;
    }
    OUT.println("{\"ok\":true,\"ready\":true}");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      if (words.length == 0 || words[0].isEmpty()) continue;
      Json answer = new Json();
      boolean more = true;
      try {
        more = role.run(words, answer);
        answer.ok();
      } catch (Exception e) {
        answer.failed(e);
      }
      OUT.println(answer.text());
      if (!more) break;
    }
    role.shutdown();
    System.exit(0);
  }

  interface Role {
    /** Runs one command; false when the driver should exit after answering. */
    boolean run(String[] words, Json answer) throws Exception;

    void shutdown();
  }

  /** One consumer of the scenario's group: the commands its actions become. */
  static final class ConsumerRole implements Role {
    private final KafkaConsumer<String, String> consumer;
    /** Results of commitAsync callbacks heard since the last answer. */
    private final List<String> asyncResults = new ArrayList<>();
    private boolean closed;

    ConsumerRole(Properties props) {
      props.put("key.deserializer", StringDeserializer.class.getName());
      props.put("value.deserializer", StringDeserializer.class.getName());
      consumer = new KafkaConsumer<>(props);
    }

    @Override
    public boolean run(String[] w, Json answer) throws Exception {
      Set<TopicPartition> before = Set.copyOf(consumer.assignment());
      try {
        switch (w[0]) {
          case "subscribe" -> consumer.subscribe(List.of(w).subList(1, w.length));
          case "poll" -> poll(Long.parseLong(w[1]), Long.parseLong(w[2]), answer);
          case "commitSync" -> consumer.commitSync();
          case "commitOffsets" -> consumer.commitSync(offsets(w, 1));
          case "commitAsync" ->
              consumer.commitAsync(
                  (offsets, error) -> {
                    synchronized (asyncResults) {
                      asyncResults.add(error == null ? "ok" : error.getClass().getSimpleName() + ": " + error.getMessage());
                    }
                  });
          case "seek" -> consumer.seek(new TopicPartition(w[1], Integer.parseInt(w[2])), Long.parseLong(w[3]));
          case "close" -> {
            try {
              consumer.close();
            } finally {
              closed = true;
            }
          }
          case "exit" -> {
            return false;
          }
          default -> throw new IllegalArgumentException("unknown consumer command " + w[0]);
        }
      } finally {
        if (!closed) describe(before, answer);
        synchronized (asyncResults) {
          answer.strings("asyncResults", asyncResults);
          asyncResults.clear();
        }
      }
      return !closed;
    }

    /**
     * One poll() of the application, settled: poll in short slices until records come back, or the
     * consumer owns partitions and has read all there is (lag 0 everywhere, after minMs), or maxMs passed.
     */
    private void poll(long minMs, long maxMs, Json answer) {
      long start = System.currentTimeMillis();
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      while (true) {
        records = consumer.poll(Duration.ofMillis(100));
        long elapsed = System.currentTimeMillis() - start;
        if (!records.isEmpty() || elapsed >= maxMs) break;
        if (elapsed >= minMs && caughtUp()) break;
      }
      List<String> got = new ArrayList<>();
      for (ConsumerRecord<String, String> r : records) got.add(r.topic() + ":" + r.partition() + ":" + r.offset());
      answer.strings("records", got);
    }

    private boolean caughtUp() {
      Set<TopicPartition> assigned = consumer.assignment();
      if (assigned.isEmpty()) return false;
      for (TopicPartition tp : assigned) {
        OptionalLong lag = consumer.currentLag(tp);
        if (lag.isEmpty() || lag.getAsLong() > 0) return false;
      }
      return true;
    }

    /** The assignment, what changed, and the positions the client already knows (never looked up here). */
    private void describe(Set<TopicPartition> before, Json answer) {
      Set<TopicPartition> after = consumer.assignment();
      List<String> assigned = new ArrayList<>();
      List<String> positions = new ArrayList<>();
      for (TopicPartition tp : after) {
        assigned.add(tp.topic() + ":" + tp.partition());
        OptionalLong lag = consumer.currentLag(tp);
        if (lag.isPresent()) {
          // currentLag is known only once a fetch returned: the position is known then too.
          positions.add(tp.topic() + ":" + tp.partition() + ":" + consumer.position(tp, Duration.ofMillis(1000)));
        }
      }
      answer.strings("assignment", assigned);
      answer.strings("positions", positions);
      answer.number("generation", consumer.groupMetadata().generationId());
      answer.string("memberId", consumer.groupMetadata().memberId());
    }

    @Override
    public void shutdown() {
      if (!closed) consumer.close(Duration.ZERO);
    }
  }

  /** The cluster side of a run: topics, the producers, retention, group configs, and what the broker holds. */
  static final class ClusterRole implements Role {
    private final Properties props;
    private final Admin admin;
    private KafkaProducer<String, String> producer;
    private KafkaProducer<String, String> transactional;

    ClusterRole(Properties props) {
      this.props = props;
      Properties adminProps = new Properties();
      adminProps.put("bootstrap.servers", props.get("bootstrap.servers"));
      adminProps.put("default.api.timeout.ms", "15000");
      adminProps.put("request.timeout.ms", "10000");
      admin = Admin.create(adminProps);
    }

    @Override
    public boolean run(String[] w, Json answer) throws Exception {
      switch (w[0]) {
        case "ping" -> {
          var cluster = admin.describeCluster(new org.apache.kafka.clients.admin.DescribeClusterOptions().timeoutMs(Integer.parseInt(w[1])));
          answer.string("clusterId", String.valueOf(cluster.clusterId().get()));
          answer.number("brokers", cluster.nodes().get().size());
        }
        case "createTopic" -> {
          admin.createTopics(List.of(new NewTopic(w[1], Integer.parseInt(w[2]), (short) 1))).all().get();
          awaitTopic(w[1], Integer.parseInt(w[2]));
        }
        case "produce" -> send(producer(), w[1], Integer.parseInt(w[2]), Integer.parseInt(w[3]), answer);
        case "begin" -> {
          transactional().beginTransaction();
        }
        case "produceTx" -> send(transactional(), w[1], Integer.parseInt(w[2]), Integer.parseInt(w[3]), answer);
        case "commitTx" -> transactional().commitTransaction();
        case "abortTx" -> transactional().abortTransaction();
        case "deleteRecords" ->
            admin
                .deleteRecords(
                    Map.of(new TopicPartition(w[1], Integer.parseInt(w[2])), RecordsToDelete.beforeOffset(Long.parseLong(w[3]))))
                .all()
                .get();
        case "groupConfig" -> {
          List<AlterConfigOp> ops = new ArrayList<>();
          for (int i = 2; i < w.length; i++) {
            int eq = w[i].indexOf('=');
            ops.add(new AlterConfigOp(new ConfigEntry(w[i].substring(0, eq), w[i].substring(eq + 1)), AlterConfigOp.OpType.SET));
          }
          admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, w[1]), ops)).all().get();
        }
        case "observe" -> observe(w[1], w[2], Integer.parseInt(w[3]), answer);
        case "brokerConfig" -> {
          String node = admin.describeCluster().nodes().get().iterator().next().idString();
          ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
          ConfigEntry entry = admin.describeConfigs(List.of(broker)).all().get().get(broker).get(w[1]);
          answer.string("value", entry == null ? "" : String.valueOf(entry.value()));
        }
        case "deleteTopics" -> admin.deleteTopics(List.of(w).subList(1, w.length)).all().get();
        case "exit" -> {
          return false;
        }
        default -> throw new IllegalArgumentException("unknown cluster command " + w[0]);
      }
      return true;
    }

    /** Waits until every partition of a new topic has a leader whose offsets can be read (metadata spreads). */
    private void awaitTopic(String topic, int partitions) throws Exception {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) tps.add(new TopicPartition(topic, p));
      long deadline = System.currentTimeMillis() + 15_000;
      while (true) {
        try {
          offsets(tps, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
          return;
        } catch (ExecutionException e) {
          if (System.currentTimeMillis() > deadline) throw e;
          Thread.sleep(100);
        }
      }
    }

    private void send(KafkaProducer<String, String> p, String topic, int partition, int count, Json answer)
        throws InterruptedException, ExecutionException {
      // All records in one batch (one append): a consumer's fetch parked at the broker gets them together.
      List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) sent.add(p.send(new ProducerRecord<>(topic, partition, null, "record " + i)));
      p.flush();
      List<String> offsets = new ArrayList<>();
      for (var future : sent) offsets.add(Long.toString(future.get().offset()));
      answer.strings("offsets", offsets);
    }

    /** The group's committed offsets, and each partition's log start, log end and last stable offset. */
    private void observe(String group, String topic, int partitions, Json answer) throws Exception {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) tps.add(new TopicPartition(topic, p));
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> start = offsets(tps, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED);
      Map<TopicPartition, Long> end = offsets(tps, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
      Map<TopicPartition, Long> stable = offsets(tps, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
      List<String> rows = new ArrayList<>();
      for (TopicPartition tp : tps) {
        OffsetAndMetadata c = committed.get(tp);
        rows.add(
            tp.partition() + ":" + (c == null ? "-" : Long.toString(c.offset())) + ":" + start.get(tp) + ":" + end.get(tp) + ":" + stable.get(tp));
      }
      answer.strings("partitions", rows);
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> tps, OffsetSpec spec, IsolationLevel level)
        throws Exception {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (TopicPartition tp : tps) request.put(tp, spec);
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info =
          admin.listOffsets(request, new ListOffsetsOptions(level)).all().get();
      Map<TopicPartition, Long> result = new HashMap<>();
      info.forEach((tp, i) -> result.put(tp, i.offset()));
      return result;
    }

    private KafkaProducer<String, String> producer() {
      if (producer == null) producer = new KafkaProducer<>(producerProps(null));
      return producer;
    }

    private KafkaProducer<String, String> transactional() {
      if (transactional == null) {
        transactional = new KafkaProducer<>(producerProps(props.getProperty("transactional.id", "offset-trace-tx")));
        transactional.initTransactions();
      }
      return transactional;
    }

    private Properties producerProps(String transactionalId) {
      Properties p = new Properties();
      p.put("bootstrap.servers", props.get("bootstrap.servers"));
      p.put("key.serializer", StringSerializer.class.getName());
      p.put("value.serializer", StringSerializer.class.getName());
      p.put("linger.ms", "50"); // flush() sends at once; the linger only keeps one produce step one batch
      if (transactionalId != null) p.put("transactional.id", transactionalId);
      return p;
    }

    @Override
    public void shutdown() {
      if (producer != null) producer.close(Duration.ofSeconds(5));
      if (transactional != null) transactional.close(Duration.ofSeconds(5));
      admin.close(Duration.ofSeconds(5));
    }
  }

  /** Offsets written `topic partition offset ...` from position `from` of the command's words. */
  static Map<TopicPartition, OffsetAndMetadata> offsets(String[] w, int from) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (int i = from; i + 2 < w.length; i += 3) {
      offsets.put(new TopicPartition(w[i], Integer.parseInt(w[i + 1])), new OffsetAndMetadata(Long.parseLong(w[i + 2])));
    }
    return offsets;
  }

  /** A tiny JSON object writer: strings, numbers and lists of strings are all the answers need. */
  static final class Json {
    private final Map<String, String> fields = new TreeMap<>();

    Json ok() {
      fields.put("ok", "true");
      return this;
    }

    void string(String key, String value) {
      fields.put(key, quote(value));
    }

    void number(String key, long value) {
      fields.put(key, Long.toString(value));
    }

    void strings(String key, List<String> values) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < values.size(); i++) b.append(i == 0 ? "" : ",").append(quote(values.get(i)));
      fields.put(key, b.append(']').toString());
    }

    void failed(Exception e) {
      Throwable cause = e;
      while ((cause instanceof ExecutionException || cause instanceof org.apache.kafka.common.KafkaException)
          && cause.getCause() != null
          && cause.getClass().equals(cause instanceof ExecutionException ? ExecutionException.class : org.apache.kafka.common.KafkaException.class)) {
        cause = cause.getCause();
      }
      fields.put("ok", "false");
      string("error", cause.getClass().getSimpleName());
      string("message", String.valueOf(cause.getMessage()));
    }

    String text() {
      StringBuilder b = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<String, String> e : fields.entrySet()) {
        b.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(e.getValue());
        first = false;
      }
      return b.append('}').toString();
    }

    static String quote(String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : (s == null ? "" : s).toCharArray()) {
        if (c == '"' || c == '\\') b.append('\\').append(c);
        else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
        else b.append(c);
      }
      return b.append('"').toString();
    }
  }
}
