// Package team syncs a library with its team's other libraries through a
// hub: NATS with JetStream, embedded in marginalia for a small team
// (StartHub, 'marginalia hub serve') or any NATS cluster an organisation
// runs. It imports no GUI and builds without cgo; docs/team-sync.md is
// the full design.
//
// Why this shape:
//
//   - A push is a bundle of the library's own changes since its last
//     push (action.Service.TeamDelta: records, their dependencies,
//     earlier versions, tombstones), stored once in the team's Object
//     Store bucket under its sha256 and announced on the member's own
//     subject, marginalia.TEAM.bundles.USER, which a stream keeps. The
//     hub's permissions let a member publish on their own subject only,
//     so the subject names the sender; receivers check every bundle
//     against its name, so a bundle altered on the hub is refused.
//   - A pull reads the announcements after the position it saved, with an
//     ordered consumer (nothing durable on the hub per member), fetches
//     each teammate bundle not yet merged and merges it with
//     action.Service.MergeTeamBundle, which verifies it exactly as
//     'merge' does and marks it merged in the merge's own transaction. So
//     re-delivery, a repeated announcement or a client killed at any
//     point never merges a bundle twice, and a refused bundle is reported
//     with its sender and passed, never blocking the others.
//   - Offline first: the change log keeps what waits; a push records the
//     bundle it is sending (pending) before talking to the hub and, if cut
//     off, announces that same bundle again next time. Nothing an analyst
//     does waits for the hub.
//   - Credentials stay in files only their owner can read; the library
//     records their paths, never their content; every member has an
//     inbox prefix of their own (_INBOX_USER) that nobody else may read.
//
// For a window, Dial with Options.Stay keeps a connection that follows
// the hub (or a cluster's servers) as it comes and goes; Syncer runs
// Sync on demand, every few minutes, and when the connection comes back;
// Status tells a panel who is connected as whom and what waits.
//
// Measured on the 2-core development machine, shared with other work
// (load average 4 to 12), with in-process hubs on loopback:
//
//   - a push or pull of a few annotations: 5 ms and 3 ms;
//   - three members with 10,000 new annotations each (bundles of 432 KB)
//     syncing fully (three pushes, six merges), over five runs: 3.8 to
//     6.4 s wall and 4.3 to 5.7 s of CPU, against 2.5 to 7.1 s and 3.8 to
//     4.3 s for the same six merges from files (1.11 to 1.32x in CPU:
//     building the deltas is the difference; storing and fetching a
//     432 KB bundle takes 3 and 5 to 11 ms). The 3 s goal needs an idle
//     machine: the merges alone are about 4 s of CPU on two cores;
//   - a member joining late pulls 200 small bundles from ten members at
//     1.1 to 1.7 ms a bundle, against 0.64 to 0.93 ms merging them from
//     memory (2.2 ms before one-chunk bundles were read with one message
//     get and the position saved once a batch); an announcement already
//     merged is read past in 53 µs;
//   - a 3-server cluster in-process: 2.8 s to elect its first leader;
//     the server leading the stream stopped during a push, the push
//     completed in 33 ms on the others; the server restarted was current
//     again in 3 s.
package team
