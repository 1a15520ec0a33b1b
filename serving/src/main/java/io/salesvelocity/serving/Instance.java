package io.salesvelocity.serving;

import org.apache.kafka.streams.state.HostInfo;

/** One instance of the application as Kafka Streams knows it: its application.server. */
record Instance(String host, int port) {
  static Instance of(HostInfo info) {
    return new Instance(info.host(), info.port());
  }

  /** {@code host:port} (an IPv6 host in brackets). */
  static Instance parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected host:port: " + hostPort);
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new Instance(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }

  String base() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
