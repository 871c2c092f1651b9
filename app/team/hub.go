package team

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// hubUser is the hub's own user, for the in-process connection it sets
// the team's streams up with. Its password is random, made anew at every
// start and never written anywhere.
const hubUser = "marginalia-hub"

// HubConfig configures an embedded hub: one NATS server with JetStream.
type HubConfig struct {
	// Listen is the client address, host:port (":4222" when empty; port 0
	// or -1 picks a free one).
	Listen string
	// StoreDir holds JetStream's files (streams, objects).
	StoreDir string
	// Team is the team's name, in its subjects, streams and buckets.
	Team string
	// Members may connect, each with their own permissions.
	Members []Member
	// TLSCert and TLSKey, when set, make clients connect over TLS.
	TLSCert, TLSKey string
	// Name names this server (in a cluster, each its own); "" makes one
	// from the listen address.
	Name string
	// Cluster joins this server to others, when set.
	Cluster *Cluster
	// Replicas is how many copies of each stream the hub keeps: 1 for a
	// single server, 3 in a cluster of three or more (the default then).
	Replicas int
	// Log lets the NATS server write its log to stderr (never passwords).
	Log bool
}

// Cluster is a server's place in a cluster: its name (the same on every
// server), the address it listens for other servers on, and theirs.
type Cluster struct {
	Name   string
	Listen string
	Routes []string
}

// Hub is a running embedded hub.
type Hub struct {
	srv      *server.Server
	cfg      HubConfig
	password string // hubUser's
	addr     *net.TCPAddr
}

// StartHub starts an embedded hub and waits until it takes connections.
// A single server (no Cluster) also sets the team's streams up; a
// cluster's are set up by SetUp once a majority of servers runs.
func StartHub(ctx context.Context, cfg HubConfig) (*Hub, error) {
	if err := CheckName("team", cfg.Team); err != nil {
		return nil, err
	}
	if len(cfg.Members) == 0 {
		return nil, errors.New("hub: no members: give a users file")
	}
	if cfg.Listen == "" {
		cfg.Listen = ":4222"
	}
	host, port, err := splitHostPort(cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("hub: listen address %q: %w", cfg.Listen, err)
	}
	secret := make([]byte, 24)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	h := &Hub{cfg: cfg, password: hex.EncodeToString(secret)}
	opts := &server.Options{
		ServerName: cfg.Name,
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   cfg.StoreDir,
		NoSigs:     true,
		NoLog:      !cfg.Log,
		MaxPayload: 1 << 20,
		Users:      []*server.User{{Username: hubUser, Password: h.password}},
	}
	for _, m := range cfg.Members {
		p := MemberPermissions(cfg.Team, m.Name, false)
		opts.Users = append(opts.Users, &server.User{Username: m.Name, Password: m.Password, Permissions: &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: p.Publish},
			Subscribe: &server.SubjectPermission{Allow: p.Subscribe},
		}})
	}
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		if cfg.TLSCert == "" || cfg.TLSKey == "" {
			return nil, errors.New("hub: TLS needs both a certificate and its key")
		}
		if _, err := readPrivate("TLS key file", cfg.TLSKey); err != nil {
			return nil, fmt.Errorf("hub: %w", err)
		}
		tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: cfg.TLSCert, KeyFile: cfg.TLSKey})
		if err != nil {
			return nil, fmt.Errorf("hub: TLS: %w", err)
		}
		opts.TLS, opts.TLSConfig, opts.TLSTimeout = true, tc, 2
	}
	if c := cfg.Cluster; c != nil {
		chost, cport, err := splitHostPort(c.Listen)
		if err != nil {
			return nil, fmt.Errorf("hub: cluster address %q: %w", c.Listen, err)
		}
		opts.Cluster = server.ClusterOpts{Name: c.Name, Host: chost, Port: cport}
		for _, r := range c.Routes {
			u, err := url.Parse(r)
			if err != nil {
				return nil, fmt.Errorf("hub: route %q: %w", r, err)
			}
			opts.Routes = append(opts.Routes, u)
		}
		if opts.ServerName == "" {
			opts.ServerName = c.Name + "-" + c.Listen
		}
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	if cfg.Log {
		srv.ConfigureLogger()
	}
	srv.Start()
	h.srv = srv
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("hub: the server did not start listening on %s", cfg.Listen)
	}
	h.addr = srv.Addr().(*net.TCPAddr)
	if cfg.Cluster == nil {
		if err := h.SetUp(ctx); err != nil {
			h.Shutdown()
			return nil, err
		}
	}
	return h, nil
}

func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, err
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	if host == "" {
		host = "0.0.0.0"
	}
	return host, port, nil
}

// SetUp creates the team's stream and buckets where they are missing,
// retrying while a cluster elects its leaders, until ctx ends.
func (h *Hub) SetUp(ctx context.Context) error {
	nc, err := nats.Connect("", nats.InProcessServer(h.srv), nats.UserInfo(hubUser, h.password), nats.Name("marginalia hub"))
	if err != nil {
		return fmt.Errorf("hub: connect to itself: %w", err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("hub: %w", err)
	}
	replicas := h.cfg.Replicas
	if replicas == 0 {
		replicas = 1
		if h.cfg.Cluster != nil {
			replicas = 3
		}
	}
	err = ensureRetry(ctx, js, names{team: h.cfg.Team}, replicas)
	if err != nil {
		return fmt.Errorf("hub: set up team %s: %w", h.cfg.Team, err)
	}
	return nil
}

// URL is the address clients connect to.
func (h *Hub) URL() string {
	scheme := "nats"
	if h.cfg.TLSCert != "" {
		scheme = "tls"
	}
	addr := h.addr
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return scheme + "://" + net.JoinHostPort(host, strconv.Itoa(addr.Port))
}

// Addr is the host:port the hub listens on.
func (h *Hub) Addr() string { return h.addr.String() }

// Shutdown stops the hub and waits until it has stopped. JetStream's files
// stay: a hub started again on the same folder has everything.
func (h *Hub) Shutdown() {
	h.srv.Shutdown()
	h.srv.WaitForShutdown()
}

// Serve runs a hub until ctx ends, then stops it.
func Serve(ctx context.Context, cfg HubConfig, started func(*Hub)) error {
	h, err := StartHub(ctx, cfg)
	if err != nil {
		return err
	}
	if started != nil {
		started(h)
	}
	<-ctx.Done()
	h.Shutdown()
	return nil
}
