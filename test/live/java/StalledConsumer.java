// A stalled consumer for the live tests, as Burrow defines one: a classic-protocol KafkaConsumer with
// auto commit every 200 ms subscribes to the topic, polls until it has an assignment and has read records
// from each assigned partition, then pauses all of them and keeps polling (100 ms) forever. It stays in the
// group and auto-commits the same positions every interval while records keep arriving and the lag grows.
// It prints "STALLED topic-partition=position ..." once paused, and stops when its stdin closes.
// Run with `java -cp '<Kafka jars>/*' StalledConsumer.java BOOTSTRAP GROUP TOPIC`.

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

public class StalledConsumer {
  private static volatile boolean stdinClosed = false;

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: StalledConsumer BOOTSTRAP GROUP TOPIC");
      System.exit(2);
    }
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, args[1]);
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
    props.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "200");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());

    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {}
      } catch (Exception ignored) {
      }
      stdinClosed = true;
    });
    stdin.setDaemon(true);
    stdin.start();

    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(args[2]));
      Set<TopicPartition> read = new HashSet<>();
      long readUntil = System.currentTimeMillis() + 60_000;
      // Read until every assigned partition gave records (or a minute passed with some read).
      while (!stdinClosed) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<String, String> record : records) {
          read.add(new TopicPartition(record.topic(), record.partition()));
        }
        Set<TopicPartition> assigned = consumer.assignment();
        if (!assigned.isEmpty() && !read.isEmpty()
            && (read.containsAll(assigned) || System.currentTimeMillis() > readUntil)) {
          break;
        }
      }
      if (stdinClosed) return;
      Set<TopicPartition> assigned = consumer.assignment();
      consumer.pause(assigned);
      TreeMap<String, Long> positions = new TreeMap<>();
      for (TopicPartition tp : assigned) positions.put(tp.toString(), consumer.position(tp));
      StringBuilder line = new StringBuilder("STALLED");
      positions.forEach((tp, position) -> line.append(' ').append(tp).append('=').append(position));
      System.out.println(line);
      System.out.flush();
      // Paused: polls return nothing, but keep the member in the group and auto-commit the same positions.
      while (!stdinClosed) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
        if (!records.isEmpty()) throw new IllegalStateException("a paused consumer got records");
      }
    }
  }
}
