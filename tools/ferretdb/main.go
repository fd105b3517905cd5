// Command openregi-ferretdb runs FerretDB with the SQLite backend as a local
// MongoDB-protocol server for OpenRegi's tests and development.
//
// It wraps FerretDB's embeddable package because a binary built from
// FerretDB's own cmd/ferretdb outside its repository panics at start-up. The
// module release lacks build/version/version.txt, and build/version/version.go
// (v1.24.2) requires that file when the main module is FerretDB itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// options are the parsed command-line flags.
type options struct {
	host     string
	port     int
	stateDir string
	logLevel slog.Level
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "openregi-ferretdb: %s\n", err)
		os.Exit(2)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: opts.logLevel}))

	if err := run(opts, logger); err != nil {
		logger.Error("FerretDB failed", "error", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*options, error) {
	fs := flag.NewFlagSet("openregi-ferretdb", flag.ContinueOnError)

	host := fs.String("host", "127.0.0.1", "IP address to listen on for MongoDB wire-protocol clients")
	port := fs.Int("port", 27017, "TCP port to listen on; 0 lets the OS pick one (the log shows the chosen URI)")
	stateDir := fs.String("state-dir", "", "directory for FerretDB's SQLite database files (required; created if missing)")
	logLevel := fs.String("log-level", "info", "minimum log level: debug, info, warn or error")

	if err := fs.Parse(args); err != nil {
		return nil, err
	}

	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q (every option is a flag, see -help)", fs.Args())
	}

	if *port < 0 || *port > 65535 {
		return nil, fmt.Errorf("invalid -port %d: expected 0 to 65535", *port)
	}

	if *stateDir == "" {
		return nil, errors.New("missing -state-dir: give the directory for the SQLite database files")
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return nil, fmt.Errorf("invalid -log-level %q: expected debug, info, warn or error", *logLevel)
	}

	return &options{host: *host, port: *port, stateDir: *stateDir, logLevel: level}, nil
}

// run serves MongoDB clients until SIGINT or SIGTERM arrives, then closes the
// listener, open connections and the SQLite backend before it returns.
func run(opts *options, logger *slog.Logger) error {
	stateDir, err := filepath.Abs(opts.stateDir)
	if err != nil {
		return fmt.Errorf("invalid -state-dir %q: %w", opts.stateDir, err)
	}

	if err = os.MkdirAll(stateDir, 0o700); err != nil {
		return fmt.Errorf("failed to create state directory: %w", err)
	}

	// FerretDB's SQLite backend expects a "file:" URI for a directory, ending in "/".
	// Building it with net/url escapes spaces and other special characters in the path.
	sqliteURI := (&url.URL{Scheme: "file", Path: stateDir + string(filepath.Separator)}).String()

	listenAddr := net.JoinHostPort(opts.host, strconv.Itoa(opts.port))

	// New binds the TCP listener, so a port conflict fails here, before the ready message.
	server, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listenAddr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURI,
	})
	if err != nil {
		return fmt.Errorf("failed to start FerretDB on %s: %w", listenAddr, err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	logger.Info("FerretDB ready", "uri", server.MongoDBURI(), "state_dir", stateDir)

	if err = server.Run(ctx); err != nil {
		return fmt.Errorf("FerretDB stopped with an error: %w", err)
	}

	logger.Info("FerretDB stopped")

	return nil
}
