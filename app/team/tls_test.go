package team

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marginalia/app/action"
	"marginalia/store/storetest"
)

// selfSigned writes a certificate for 127.0.0.1 and its key (mode 600).
func selfSigned(t *testing.T) (cert, key string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "marginalia test hub"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key = filepath.Join(dir, "hub.pem"), filepath.Join(dir, "hub-key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// TestTLS: a hub given a certificate takes TLS connections only; a member
// who trusts its authority syncs over TLS. A key others can read is
// refused.
func TestTLS(t *testing.T) {
	ctx := context.Background()
	cert, key := selfSigned(t)
	cfg := HubConfig{Listen: "127.0.0.1:0", StoreDir: t.TempDir(), Team: testTeam, Members: []Member{{Name: "ana", Password: "pw-ana"}}, TLSCert: cert, TLSKey: key}
	if err := os.Chmod(key, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := StartHub(ctx, cfg); err == nil || !strings.Contains(err.Error(), "readable by others") {
		t.Errorf("a hub with a key others can read: %v", err)
	}
	if err := os.Chmod(key, 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := StartHub(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Shutdown()
	if !strings.HasPrefix(h.URL(), "tls://") {
		t.Errorf("URL %s, want tls://", h.URL())
	}
	m := join2(t, Settings{Hub: h.URL(), Team: testTeam, User: "ana", PasswordFile: passwordFile(t, "ana"), CAFile: cert})
	m.dial(t)
	m.annotate(t, "tls", 2)
	if _, err := m.c.Push(ctx); err != nil {
		t.Fatal(err)
	}
	if st := m.c.Status(ctx); !st.Connected || !st.TLS {
		t.Errorf("status connected %v, TLS %v; want both", st.Connected, st.TLS)
	}
	// Without the authority, the hub's certificate is not trusted.
	plain := join2(t, Settings{Hub: h.URL(), Team: testTeam, User: "ana", PasswordFile: passwordFile(t, "ana")})
	c, err := Dial(plain.svc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Connected() {
		t.Error("connected to a hub whose certificate nobody vouches for")
	}
}

// join2 joins a new library with settings s.
func join2(t *testing.T, s Settings) *member {
	t.Helper()
	st := storetest.Open(t)
	m := &member{name: s.User, st: st, svc: action.New(st, nil)}
	if _, err := Join(context.Background(), m.svc, s); err != nil {
		t.Fatal(err)
	}
	return m
}
