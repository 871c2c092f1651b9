package team

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Names on the hub. A team T of members uses, in one NATS account:
//
//	marginalia.T.bundles.USER    subject of USER's announcements
//	MARGINALIA_T                 the stream holding every announcement
//	marginalia_T                 the Object Store bucket of bundles (stream OBJ_marginalia_T)
//	marginalia_T_heads           the KV bucket of members' heads (stream KV_marginalia_T_heads)
//	_INBOX_USER.>                USER's reply subjects (nobody else may read them)
type names struct{ team, user string }

// nameRe is what a team or member name may be: one NATS subject token that
// is also valid in stream and bucket names.
var nameRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// CheckName reports whether s can name a team or a member: 1 to 64 ASCII
// letters, digits, '-' or '_' (a NATS subject token, and part of stream
// and bucket names).
func CheckName(what, s string) error {
	if !nameRe.MatchString(s) {
		return fmt.Errorf("%s name %q: use 1 to 64 letters, digits, '-' or '_'", what, s)
	}
	return nil
}

func (n names) subject(user string) string { return "marginalia." + n.team + ".bundles." + user }
func (n names) allSubjects() string        { return "marginalia." + n.team + ".bundles.*" }
func (n names) stream() string             { return "MARGINALIA_" + n.team }
func (n names) bucket() string             { return "marginalia_" + n.team }
func (n names) heads() string              { return "marginalia_" + n.team + "_heads" }
func (n names) inbox() string              { return "_INBOX_" + n.user }

// senderOf is the member an announcement's subject names ("" when the
// subject is not one of the team's).
func (n names) senderOf(subject string) string {
	prefix := "marginalia." + n.team + ".bundles."
	if len(subject) <= len(prefix) || subject[:len(prefix)] != prefix {
		return ""
	}
	return subject[len(prefix):]
}

// Permissions are the subjects a member may publish on and subscribe to.
type Permissions struct {
	Publish, Subscribe []string
}

// MemberPermissions are what the hub lets member user of team do: publish
// announcements on their own subject only, write bundles into the team's
// object bucket and their own head, read everything of the team's, and
// receive replies on their own inbox. They cannot delete, purge or
// reconfigure anything, nor make durable consumers. create also lets them
// create the team's streams when missing (for a cluster whose
// administrator leaves that to the first member who joins).
func MemberPermissions(team, user string, create bool) Permissions {
	n := names{team: team, user: user}
	s, obj, kv := n.stream(), "OBJ_"+n.bucket(), "KV_"+n.heads()
	pub := []string{
		n.subject(user),
		"$O." + n.bucket() + ".C.>",
		"$O." + n.bucket() + ".M.>",
		"$KV." + n.heads() + "." + user,
		"$JS.API.INFO",
	}
	for _, st := range []string{s, obj, kv} {
		pub = append(pub,
			"$JS.API.STREAM.INFO."+st,
			"$JS.API.STREAM.MSG.GET."+st,
			"$JS.API.DIRECT.GET."+st, "$JS.API.DIRECT.GET."+st+".>",
			"$JS.API.CONSUMER.CREATE."+st, "$JS.API.CONSUMER.CREATE."+st+".>",
			"$JS.API.CONSUMER.INFO."+st+".*",
			"$JS.API.CONSUMER.DELETE."+st+".*",
			"$JS.API.CONSUMER.MSG.NEXT."+st+".*",
			"$JS.FC."+st+".>",
		)
		if create {
			pub = append(pub, "$JS.API.STREAM.CREATE."+st)
		}
	}
	return Permissions{Publish: pub, Subscribe: []string{n.inbox() + ".>"}}
}

// AuthorizationConfig writes the authorization block of a NATS server
// configuration for a cluster an administrator runs: each member with
// their password (or bcrypt hash) as given and the permissions of
// MemberPermissions, allowed to create the team's streams (the first
// member who joins does). Every server of the cluster gets the same
// block.
func AuthorizationConfig(team string, members []Member) string {
	var sb strings.Builder
	sb.WriteString("authorization {\n  users = [\n")
	for _, m := range members {
		p := MemberPermissions(team, m.Name, true)
		fmt.Fprintf(&sb, "    {\n      user: %s\n      password: %s\n      permissions: {\n", strconv.Quote(m.Name), strconv.Quote(m.Password))
		fmt.Fprintf(&sb, "        publish: { allow: [%s] }\n", quoteAll(p.Publish))
		fmt.Fprintf(&sb, "        subscribe: { allow: [%s] }\n      }\n    }\n", quoteAll(p.Subscribe))
	}
	sb.WriteString("  ]\n}\n")
	return sb.String()
}

func quoteAll(ss []string) string {
	var q []string
	for _, s := range ss {
		q = append(q, strconv.Quote(s))
	}
	return strings.Join(q, ", ")
}
