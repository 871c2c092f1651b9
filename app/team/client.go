package team

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"marginalia/app/action"
	"marginalia/store"
)

// Library is what team sync needs from the library it syncs:
// *action.Service.
type Library interface {
	StartTeamLog() (uint64, error)
	TeamDelta(after uint64, creator string) (action.Delta, error)
	TeamWaiting(after uint64) (int, error)
	TeamPushed(upTo uint64) error
	TeamMerged(name string) bool
	MergeTeamBundle(data []byte, sender string) (store.Report, error)
	TeamSetting(name string) string
	SetTeamSetting(name, value string) error
}

// Errors callers can test for with errors.Is.
var (
	// ErrNotJoined means the library has joined no team.
	ErrNotJoined = errors.New("this library has joined no team (run 'marginalia team join')")
	// ErrOffline means the hub cannot be reached now; nothing was lost,
	// the changes wait in the library.
	ErrOffline = errors.New("the team hub cannot be reached")
)

// Settings are what joining a team records in the library. Credentials
// themselves are never recorded: only the paths of the files that hold
// them, read again at each connection.
type Settings struct {
	// Hub is the hub's URL, or several of a cluster's, comma-separated
	// (nats://host:4222, or tls://host:4222).
	Hub string
	// Team is the team's name (its subjects, streams and buckets).
	Team string
	// User is the member's name on the hub.
	User string
	// PasswordFile holds the member's password (first line); CredsFile a
	// NATS credentials file. One of the two.
	PasswordFile, CredsFile string
	// CAFile, when set, is the certificate authority that signed the
	// hub's TLS certificate.
	CAFile string
}

// The setting names, under "team." in the library's settings.
const (
	setHub, setTeam, setUser         = "hub", "team", "user"
	setPassword, setCreds, setCA     = "password-file", "creds", "ca"
	setPushed, setPending, setPulled = "pushed", "pending", "pulled"
	setStream                        = "stream"
	setLastPush, setLastPull         = "last-push", "last-pull"
	setRefused                       = "refused"
)

// Load reads the team settings of lib; ok is false when it joined none.
func Load(lib Library) (s Settings, ok bool) {
	s = Settings{
		Hub: lib.TeamSetting(setHub), Team: lib.TeamSetting(setTeam), User: lib.TeamSetting(setUser),
		PasswordFile: lib.TeamSetting(setPassword), CredsFile: lib.TeamSetting(setCreds), CAFile: lib.TeamSetting(setCA),
	}
	return s, s.Hub != "" && s.Team != "" && s.User != ""
}

// check validates settings and resolves file names to absolute paths.
func (s *Settings) check() error {
	if err := CheckName("team", s.Team); err != nil {
		return err
	}
	if err := CheckName("member", s.User); err != nil {
		return err
	}
	if s.Hub == "" {
		return errors.New("no hub URL")
	}
	for _, raw := range strings.Split(s.Hub, ",") {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host == "" {
			return fmt.Errorf("hub URL %q: want nats://HOST:PORT or tls://HOST:PORT", raw)
		}
		if u.User != nil {
			return errors.New("hub URL: put no user or password in the URL; use --user with --password-file or --creds")
		}
		switch u.Scheme {
		case "nats", "tls", "ws", "wss":
		default:
			return fmt.Errorf("hub URL %q: want nats://HOST:PORT or tls://HOST:PORT", raw)
		}
	}
	if (s.PasswordFile == "") == (s.CredsFile == "") {
		return errors.New("give either a password file or a NATS credentials file")
	}
	for _, p := range []*string{&s.PasswordFile, &s.CredsFile, &s.CAFile} {
		if *p != "" {
			abs, err := filepath.Abs(*p)
			if err != nil {
				return err
			}
			*p = abs
		}
	}
	// A CA file that cannot be used fails only inside the connection,
	// where it would pass for an unreachable hub: say so now.
	if s.CAFile != "" {
		pem, err := os.ReadFile(s.CAFile)
		if err != nil {
			return fmt.Errorf("CA certificate: %w", err)
		}
		if !x509.NewCertPool().AppendCertsFromPEM(pem) {
			return fmt.Errorf("CA certificate %s: no PEM certificate in it", s.CAFile)
		}
	}
	return nil
}

// natsOptions are the connection options of settings s: authentication
// (read now from the member's files, refused when others can read them),
// the member's own inbox, TLS.
func (s Settings) natsOptions() ([]nats.Option, error) {
	n := names{team: s.Team, user: s.User}
	opts := []nats.Option{nats.Name("marginalia " + s.User), nats.CustomInboxPrefix(n.inbox())}
	switch {
	case s.PasswordFile != "":
		pw, err := readPassword(s.PasswordFile)
		if err != nil {
			return nil, err
		}
		opts = append(opts, nats.UserInfo(s.User, pw))
	case s.CredsFile != "":
		if err := checkCreds(s.CredsFile); err != nil {
			return nil, err
		}
		opts = append(opts, nats.UserCredentials(s.CredsFile))
	}
	if s.CAFile != "" {
		opts = append(opts, nats.RootCAs(s.CAFile))
	}
	return opts, nil
}

// Options tune a Client.
type Options struct {
	// Creator is the analyst's name recorded in pushed bundles.
	Creator string
	// Timeout bounds each request to the hub (5 s when 0).
	Timeout time.Duration
	// Stay keeps trying to connect in the background when the hub cannot
	// be reached at first, and reconnects whenever the connection drops
	// (a window's Syncer); without it a Client tries once (a command).
	Stay bool
	// ReconnectWait is how long a staying Client waits between attempts
	// to reach the hub (2 s when 0).
	ReconnectWait time.Duration
	// OnConnection, when set, is called when the connection comes up or
	// goes down.
	OnConnection func(connected bool)
}

// Client syncs one library with its team's hub. Its methods may be
// called from several goroutines: pushes and pulls run one at a time.
type Client struct {
	lib  Library
	set  Settings
	n    names
	opts Options
	nc   *nats.Conn
	js   jetstream.JetStream

	mu        sync.Mutex // one push or pull at a time
	hooks     hooks
	objStream jetstream.Stream // the bundles' stream, once looked up (under mu)

	emu     sync.Mutex
	lastErr string
	// up is signalled when the connection comes (back) up.
	up chan struct{}
	// cancelOp ends the push or pull under way when the connection
	// drops: a request waiting for an answer that will not come fails at
	// once instead of after the timeout.
	cancelOp context.CancelFunc
	opDrop   bool // the connection dropped during the operation
}

// operation starts a push or pull: its context ends when the connection
// drops.
func (c *Client) operation(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	c.emu.Lock()
	c.cancelOp, c.opDrop = cancel, false
	c.emu.Unlock()
	return ctx, func() {
		c.emu.Lock()
		c.cancelOp = nil
		c.emu.Unlock()
		cancel()
	}
}

func (c *Client) dropped() {
	c.emu.Lock()
	if c.cancelOp != nil {
		c.cancelOp()
		c.opDrop = true
	}
	c.emu.Unlock()
}

// hooks let tests act at the worst moments.
type hooks struct {
	afterPut   func(bundle string) // stored, not yet announced
	afterFetch func(bundle string) // fetched, not yet merged
	afterMerge func(bundle string) // merged, position not yet saved
}

// Dial connects to the hub lib joined. The hub being unreachable is not
// an error: the Client is offline (operations return ErrOffline) and,
// with opts.Stay, connects when the hub comes back. A credentials file
// readable by others, or credentials the hub refuses, are errors.
func Dial(lib Library, opts Options) (*Client, error) {
	set, ok := Load(lib)
	if !ok {
		return nil, ErrNotJoined
	}
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.ReconnectWait == 0 {
		opts.ReconnectWait = 2 * time.Second
	}
	c := &Client{lib: lib, set: set, n: names{team: set.Team, user: set.User}, opts: opts, up: make(chan struct{}, 1)}
	nopts, err := set.natsOptions()
	if err != nil {
		return nil, err
	}
	notify := func(up bool) {
		if up {
			select {
			case c.up <- struct{}{}:
			default:
			}
		}
		if opts.OnConnection != nil {
			opts.OnConnection(up)
		}
	}
	nopts = append(nopts,
		nats.Timeout(opts.Timeout),
		// Publish nothing into a buffer while disconnected: a push must
		// fail at once and leave its changes waiting in the library.
		nats.ReconnectBufSize(-1),
		nats.NoCallbacksAfterClientClose(),
		nats.ConnectHandler(func(*nats.Conn) { c.setErr(""); notify(true) }),
		nats.ReconnectHandler(func(*nats.Conn) { c.setErr(""); notify(true) }),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				c.setErr(err.Error())
			}
			c.dropped()
			notify(false)
		}),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { c.setErr(err.Error()) }),
	)
	if opts.Stay {
		nopts = append(nopts, nats.RetryOnFailedConnect(true), nats.MaxReconnects(-1), nats.ReconnectWait(opts.ReconnectWait), nats.ReconnectJitter(opts.ReconnectWait/10, opts.ReconnectWait/10))
	} else {
		nopts = append(nopts, nats.MaxReconnects(0))
	}
	nc, err := nats.Connect(set.Hub, nopts...)
	if err != nil {
		if refusedCredentials(err) {
			return nil, fmt.Errorf("hub %s refused %s: %w", set.Hub, set.User, err)
		}
		// Unreachable: an offline client.
		c.setErr(err.Error())
		return c, nil
	}
	c.nc = nc
	c.js, err = jetstream.New(nc, jetstream.WithDefaultTimeout(opts.Timeout))
	if err != nil {
		nc.Close()
		return nil, err
	}
	return c, nil
}

func refusedCredentials(err error) bool {
	return errors.Is(err, nats.ErrAuthorization) || errors.Is(err, nats.ErrAuthExpired) ||
		errors.Is(err, nats.ErrAuthRevoked) || strings.Contains(strings.ToLower(err.Error()), "authorization violation")
}

// Close ends the connection.
func (c *Client) Close() {
	if c.nc != nil {
		c.nc.Close()
	}
}

// Connected reports whether the hub can be reached now.
func (c *Client) Connected() bool { return c.nc != nil && c.nc.IsConnected() }

// online fails with ErrOffline when the hub cannot be reached.
func (c *Client) online() error {
	if c.Connected() {
		return nil
	}
	msg := c.err()
	if msg == "" && c.nc != nil {
		msg = c.nc.Status().String()
	}
	if msg != "" {
		return fmt.Errorf("%w at %s (%s)", ErrOffline, c.set.Hub, msg)
	}
	return fmt.Errorf("%w at %s", ErrOffline, c.set.Hub)
}

// offline turns an error met while talking to the hub into ErrOffline
// when the connection is down (the hub stopped, the network went away).
func (c *Client) offline(err error) error {
	if err == nil || errors.Is(err, ErrOffline) {
		return err
	}
	c.emu.Lock()
	dropped := c.opDrop
	c.emu.Unlock()
	if dropped || !c.Connected() || errors.Is(err, nats.ErrConnectionClosed) || errors.Is(err, nats.ErrDisconnected) ||
		errors.Is(err, nats.ErrNoResponders) || errors.Is(err, jetstream.ErrNoStreamResponse) ||
		errors.Is(err, nats.ErrReconnectBufExceeded) {
		return fmt.Errorf("%w at %s: %w", ErrOffline, c.set.Hub, err)
	}
	return err
}

func (c *Client) setErr(s string) {
	c.emu.Lock()
	c.lastErr = s
	c.emu.Unlock()
}

func (c *Client) err() string {
	c.emu.Lock()
	defer c.emu.Unlock()
	return c.lastErr
}

// uintSetting reads a numeric team setting (0 when unset).
func uintSetting(lib Library, name string) uint64 {
	v, _ := strconv.ParseUint(lib.TeamSetting(name), 10, 64)
	return v
}

func setUint(lib Library, name string, v uint64) error {
	return lib.SetTeamSetting(name, strconv.FormatUint(v, 10))
}

func timeSetting(lib Library, name string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, lib.TeamSetting(name))
	return t
}

func setTime(lib Library, name string, t time.Time) error {
	return lib.SetTeamSetting(name, t.UTC().Format(time.RFC3339Nano))
}
