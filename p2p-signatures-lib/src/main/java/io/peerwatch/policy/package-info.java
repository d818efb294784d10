/**
 * Prevention: the detector's knowledge as firewall, proxy and DNS policy for a network team to
 * review and apply (the source paper's advice: block the P2P ports at the boundary, blacklist
 * P2P sites at the proxy and in DNS).
 *
 * <p>A {@link io.peerwatch.policy.Policy} is built from the port table, the blacklists and,
 * optionally, recent alerts (their hosts and, for the alert types {@link
 * io.peerwatch.policy.AlertTargets} names, their destinations), with an allow-list
 * ({@link io.peerwatch.policy.Exemptions}) applied and everything left out reported
 * ({@link io.peerwatch.policy.PolicyReport}). {@link io.peerwatch.policy.PolicyFormat} names one
 * renderer per format (nftables, iptables, ip6tables, squid-acl, hosts, unbound, rpz); every
 * rule carries a comment naming its reason. Output is sorted, so two exports compare as rule
 * sets ({@link io.peerwatch.policy.PolicyDiff}). Nothing here applies anything to a machine.
 *
 * <pre>{@code
 * Policy p = Policy.builder()
 *         .portTable(PortTable.defaults())
 *         .blacklist(Path.of("hosts.txt"))
 *         .exemptions(Exemptions.load(Path.of("exempt.txt")))
 *         .build();
 * String nft = PolicyFormat.NFTABLES.render(p, PolicyFormat.Options.defaults()).text();
 * }</pre>
 */
package io.peerwatch.policy;
