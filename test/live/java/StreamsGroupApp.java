// A small Kafka Streams app for the live tests: it joins a streams group (KIP-1071, group.protocol=streams),
// counts the records of the source topic by key (a repartition and a state store, so the group has two
// subtopologies and its tasks are active and standby), and writes the counts to the sink topic. It prints
// "RUNNING" once the app is running and stops when its stdin closes. Run with `java -cp <Kafka jars> StreamsGroupApp.java`.

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Produced;

public class StreamsGroupApp {
  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: StreamsGroupApp BOOTSTRAP APPLICATION_ID SOURCE_TOPIC SINK_TOPIC [STATE_DIR]");
      System.exit(2);
    }
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put("consumer.auto.offset.reset", "earliest");
    if (args.length > 4) props.put(StreamsConfig.STATE_DIR_CONFIG, args[4]);

    StreamsBuilder builder = new StreamsBuilder();
    builder.<String, String>stream(args[2])
        .groupBy((key, value) -> value)
        .count()
        .toStream()
        .to(args[3], Produced.with(Serdes.String(), Serdes.Long()));

    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    CountDownLatch stopped = new CountDownLatch(1);
    streams.setStateListener((next, previous) -> {
      if (next == KafkaStreams.State.RUNNING) {
        System.out.println("RUNNING");
        System.out.flush();
      }
      if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) stopped.countDown();
    });
    streams.start();
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {}
      } catch (Exception ignored) {
      }
      stopped.countDown();
    });
    stdin.setDaemon(true);
    stdin.start();
    stopped.await();
    streams.close(java.time.Duration.ofSeconds(10));
  }
}
