package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"marginalia/app/team"
	"marginalia/store"
)

// teamPanel is the Team window (Review > Team sync…): join a hub, see who
// is connected as whom, what waits to go out, the last sync and the
// team's members; Sync now, and an automatic sync every few minutes. A
// Syncer runs in the background while the library has joined a team;
// what a pull merges arrives in the merge report and the disagreements.
type teamPanel struct {
	sh     *shell
	review *reviewPanel

	mu     sync.Mutex
	client *team.Client
	syncer *team.Syncer
	stop   context.CancelFunc
	last   team.SyncStatus

	dlg     dialog.Dialog
	body    *fyne.Container
	bar     *widget.ProgressBar
	state   *widget.Label
	pending bool // a refresh of the open window is queued
}

// Automatic sync choices, and the team setting that remembers one.
var syncChoices = []struct {
	label string
	every time.Duration
}{{"Only when I press Sync now", 0}, {"Every 2 minutes", 2 * time.Minute}, {"Every 5 minutes", 5 * time.Minute}, {"Every 15 minutes", 15 * time.Minute}}

const settingSyncEvery = "sync_every"

func newTeamPanel(sh *shell, review *reviewPanel) *teamPanel {
	return &teamPanel{sh: sh, review: review}
}

// start connects in the background when the library has joined a team,
// and keeps syncing until close. Offline is not an error: changes wait.
func (tp *teamPanel) start() {
	if _, joined := team.Load(tp.sh.svc); !joined {
		return
	}
	creator := tp.sh.creator()
	tp.sh.run.Go(func() {
		c, err := team.Dial(tp.sh.svc, team.Options{Creator: creator, Stay: true, OnConnection: func(bool) { tp.changed() }})
		if err != nil {
			tp.sh.run.UI(func() { tp.sh.fail("connect to the team hub", err) })
			return
		}
		every, _ := time.ParseDuration(tp.sh.svc.TeamSetting(settingSyncEvery))
		s := team.NewSyncer(c, every, tp.synced)
		ctx, cancel := context.WithCancel(context.Background())
		tp.mu.Lock()
		tp.client, tp.syncer, tp.stop = c, s, cancel
		tp.mu.Unlock()
		go s.Run(ctx)
		tp.changed()
	})
}

// close stops the Syncer and the connection (the window is closing).
func (tp *teamPanel) close() {
	tp.mu.Lock()
	c, stop := tp.client, tp.stop
	tp.client, tp.syncer, tp.stop = nil, nil, nil
	tp.mu.Unlock()
	if stop != nil {
		stop()
	}
	if c != nil {
		c.Close()
	}
}

// synced receives the Syncer's status, on its goroutine.
func (tp *teamPanel) synced(st team.SyncStatus) {
	tp.mu.Lock()
	prev := tp.last
	tp.last = st
	tp.mu.Unlock()
	if prev.Syncing && !st.Syncing {
		tp.sh.run.UI(func() { tp.finished(st) })
	}
	tp.changed()
}

// finished reports a sync that ended: on the status line, and what it
// merged in the merge report.
func (tp *teamPanel) finished(st team.SyncStatus) {
	pulled := st.Result.Pulled
	switch {
	case st.Offline:
		tp.sh.status("Team sync: the hub cannot be reached; changes wait and go out when it is back")
		return
	case st.Err != "":
		tp.sh.status("Team sync failed: " + st.Err)
	case len(pulled.Merged) == 0 && st.Result.Pushed.Bundles == 0:
		tp.sh.status("Team sync: up to date")
	case len(pulled.Merged) == 0:
		tp.sh.status("Team sync: sent " + count(st.Result.Pushed.Records, "change"))
	default:
		tp.sh.status(fmt.Sprintf("Team sync: sent %s, merged %s from %s", count(st.Result.Pushed.Records, "change"),
			count(len(pulled.Merged), "bundle"), strings.Join(senders(pulled.Merged), ", ")))
	}
	if len(pulled.Merged) > 0 {
		var rep store.Report
		rep.Undoable = true
		for _, m := range pulled.Merged {
			rep.Join(m.Report)
		}
		tp.review.showReport("team sync", rep)
	}
	if len(pulled.Refused) > 0 {
		var lines []string
		for _, r := range pulled.Refused {
			lines = append(lines, fmt.Sprintf("From %s: %s", r.Sender, r.Reason))
		}
		showLines(tp.sh, fmt.Sprintf("%s refused (nothing of them was merged)", count(len(pulled.Refused), "bundle")), lines)
	}
}

func senders(ms []team.Merged) []string {
	var out []string
	for _, m := range ms {
		if !slices.Contains(out, m.Sender) {
			out = append(out, m.Sender)
		}
	}
	return out
}

// changed refreshes the open Team window, once per burst of changes.
func (tp *teamPanel) changed() {
	tp.sh.run.UI(func() {
		if tp.dlg == nil || tp.pending {
			return
		}
		tp.pending = true
		tp.sh.run.Go(func() {
			st := tp.status()
			tp.sh.run.UI(func() {
				tp.pending = false
				if tp.dlg != nil {
					tp.fill(st)
				}
			})
		})
	})
}

// status asks the client (or, before it is up, the library alone).
func (tp *teamPanel) status() team.Status {
	tp.mu.Lock()
	c := tp.client
	tp.mu.Unlock()
	if c == nil {
		return team.LocalStatus(tp.sh.svc)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return c.Status(ctx)
}

// show opens the Team window: the join form, or the team's state.
func (tp *teamPanel) show() {
	tp.body = container.NewVBox()
	tp.bar = widget.NewProgressBar()
	tp.bar.Hide()
	tp.state = widget.NewLabel("")
	tp.state.Wrapping = fyne.TextWrapWord
	tp.dlg = dialog.NewCustom("Team sync", "Close", container.NewVScroll(tp.body), tp.sh.win)
	tp.dlg.SetOnClosed(func() { tp.dlg = nil })
	tp.dlg.Resize(tp.sh.fit(640, 560))
	tp.fill(team.LocalStatus(tp.sh.svc))
	tp.dlg.Show()
	tp.changed()
}

// fill lays out the window for st.
func (tp *teamPanel) fill(st team.Status) {
	if !st.Joined {
		tp.body.Objects = []fyne.CanvasObject{tp.joinForm()}
		tp.body.Refresh()
		return
	}
	tp.mu.Lock()
	ss := tp.last
	s := tp.syncer
	tp.mu.Unlock()

	conn := "Offline: changes wait in this library and go out when the hub is back"
	if st.Connected {
		conn = "Connected"
		// A server without a configured name goes by its 56-character
		// key, which says nothing to a person.
		if st.Server != "" && len(st.Server) != 56 {
			conn += " to " + st.Server
		}
		if st.Cluster != "" {
			conn += " (cluster " + st.Cluster + ")"
		}
		if st.TLS {
			conn += ", encrypted"
		}
	} else if st.Error != "" && st.Error != "not connected" {
		conn += " (" + st.Error + ")"
	}
	form := widget.NewForm(
		widget.NewFormItem("Hub", wrapped(st.Hub)),
		widget.NewFormItem("Team", wrapped(st.Team)),
		widget.NewFormItem("You are", wrapped(st.User+" ("+st.Auth+")")),
		widget.NewFormItem("Connection", wrapped(conn)),
		widget.NewFormItem("Waiting to send", wrapped(count(st.Waiting, "change"))),
		widget.NewFormItem("Last sent", wrapped(when(st.LastPush))),
		widget.NewFormItem("Last received", wrapped(when(st.LastPull))),
	)
	if st.Connected && st.ToPull != nil {
		form.Append("New on the hub", wrapped(count(int(*st.ToPull), "bundle")))
	}
	syncNow := widget.NewButtonWithIcon("Sync now", theme.ViewRefreshIcon(), func() {
		if s != nil {
			s.SyncNow()
		}
	})
	syncNow.Importance = widget.HighImportance
	if s == nil || ss.Syncing {
		syncNow.Disable()
	}
	auto := widget.NewSelect(nil, nil)
	for _, c := range syncChoices {
		auto.Options = append(auto.Options, c.label)
		if c.every == ss.Every {
			auto.Selected = c.label
		}
	}
	auto.OnChanged = func(label string) {
		for _, c := range syncChoices {
			if c.label == label {
				_ = tp.sh.svc.SetTeamSetting(settingSyncEvery, c.every.String())
				if s != nil {
					s.SetEvery(c.every)
				}
			}
		}
	}
	tp.state.SetText(syncLine(ss))
	if ss.Syncing {
		tp.bar.Show()
		if p := ss.Progress; p.Total > 0 {
			tp.bar.SetValue(float64(p.Done) / float64(p.Total))
		}
	} else {
		tp.bar.Hide()
	}
	objs := []fyne.CanvasObject{form, container.NewBorder(nil, nil, nil, syncNow, auto), tp.bar, tp.state}
	if len(st.Members) > 0 {
		objs = append(objs, heading("Members"))
		for _, m := range st.Members {
			objs = append(objs, wrapped(fmt.Sprintf("%s · sent %s · received %s · %s", m.Name, when(m.Pushed), when(m.Pulled), count(m.Bundles, "bundle"))))
		}
	}
	if len(st.Refused) > 0 {
		objs = append(objs, heading("Refused bundles"))
		for _, r := range st.Refused {
			objs = append(objs, wrapped(fmt.Sprintf("From %s, %s: %s", r.Sender, when(r.When), r.Reason)))
		}
	}
	tp.body.Objects = objs
	tp.body.Refresh()
}

// syncLine says what the Syncer is doing or last did.
func syncLine(s team.SyncStatus) string {
	switch {
	case s.Syncing && s.Progress.Sender != "":
		return fmt.Sprintf("Merging %s's work (%d of %d)…", s.Progress.Sender, s.Progress.Done, s.Progress.Total)
	case s.Syncing:
		return "Syncing…"
	case s.Last.IsZero():
		return "Not synced since the window opened."
	case s.Offline:
		return "Last try " + when(s.Last) + ": the hub could not be reached."
	case s.Err != "":
		return "Last sync " + when(s.Last) + " failed: " + s.Err
	}
	return fmt.Sprintf("Last sync %s: sent %s, merged %s.", when(s.Last), count(s.Result.Pushed.Records, "change"), count(len(s.Result.Pulled.Merged), "bundle"))
}

// when says a time the way a status line does.
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := time.Since(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return count(int(d.Minutes()), "minute") + " ago"
	case d < 24*time.Hour:
		return t.Local().Format("15:04")
	}
	return t.Local().Format("2 Jan 15:04")
}

// joinForm asks for the hub and the analyst's credentials.
func (tp *teamPanel) joinForm() fyne.CanvasObject {
	hub, teamName, user, pass, creds, ca := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	hub.SetPlaceHolder("nats://hub.example.org:4222")
	teamName.SetText("team")
	user.SetText(tp.sh.creator())
	pass.SetPlaceHolder("a file holding your password (readable by you only)")
	creds.SetPlaceHolder("or a NATS credentials file")
	ca.SetPlaceHolder("the hub's CA certificate, for TLS (optional)")
	intro := wrapped("Join your team's hub to send your work and receive your colleagues' without passing files. " +
		"Nothing you do needs the hub: offline, changes wait and go out when it is back. Start a hub with 'marginalia hub serve'.")
	share := widget.NewCheck("Send the work already in this library", nil)
	share.SetChecked(true)
	join := widget.NewButtonWithIcon("Join", theme.LoginIcon(), nil)
	join.Importance = widget.HighImportance
	join.OnTapped = func() {
		set := team.Settings{Hub: strings.TrimSpace(hub.Text), Team: strings.TrimSpace(teamName.Text), User: strings.TrimSpace(user.Text),
			PasswordFile: strings.TrimSpace(pass.Text), CredsFile: strings.TrimSpace(creds.Text), CAFile: strings.TrimSpace(ca.Text)}
		join.Disable()
		tp.state.SetText("Joining…")
		shareExisting := share.Checked // read here, on the UI goroutine
		tp.sh.run.Go(func() {
			online, err := team.Join(context.Background(), tp.sh.svc, set)
			if err == nil && shareExisting {
				err = tp.sh.svc.ShareExistingWork()
			}
			tp.sh.run.UI(func() {
				join.Enable()
				if err != nil {
					tp.state.SetText("")
					dialog.ShowError(err, tp.sh.win)
					return
				}
				msg := "Joined " + set.Team + " on " + set.Hub
				if !online {
					msg += " (the hub cannot be reached now; your changes wait)"
				}
				tp.sh.status(msg)
				tp.start()
				tp.fill(team.LocalStatus(tp.sh.svc))
			})
		})
	}
	form := widget.NewForm(widget.NewFormItem("Hub URL", hub), widget.NewFormItem("Team", teamName), widget.NewFormItem("Your name", user),
		widget.NewFormItem("Password file", pass), widget.NewFormItem("Credentials file", creds), widget.NewFormItem("CA certificate", ca))
	return container.NewVBox(intro, form, share, container.NewHBox(join), tp.state)
}
