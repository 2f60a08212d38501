package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// flusher makes the writer's commits durable off the writer's path. With Synchronous FULL,
// SQLite itself would flush the write-ahead log inside every commit, and the writer, which
// runs every write of the PREP line, would sit idle for the flush before it could start the
// next batch. Instead the writer connection commits with SQLite's synchronous NORMAL (the
// log is written but not flushed; checkpoints still flush it first) and hands the finished
// batch to the flusher, which flushes the log file and only then tells the batch's
// transactions their outcome. The writer meanwhile runs the next batch, and batches that
// finish during one flush share the next one.
//
// A flush of the log covers every commit written to it before the flush began, and the
// log is written in commit order, so a transaction is acknowledged only once it and every
// transaction committed before it are on disk: what SQLite's FULL promises. Readers may see
// a commit a moment before it is acknowledged; a power cut in that moment loses it, and
// with it only steps nobody was told had succeeded.
type flusher struct {
	wal  string // path of the write-ahead log
	dir  string
	reqs chan flushReq
	done chan struct{}

	f    *os.File // the log, opened at the first flush
	info os.FileInfo
}

// flushReq is a committed batch waiting for the flush: its jobs and their outcomes.
type flushReq struct {
	jobs []*writeJob
	errs []error
}

func newFlusher(dbPath string) *flusher {
	fl := &flusher{wal: dbPath + "-wal", dir: filepath.Dir(dbPath),
		reqs: make(chan flushReq, 2*maxBatch), done: make(chan struct{})}
	go fl.run()
	return fl
}

// submit queues a committed batch; the flusher answers its jobs.
func (fl *flusher) submit(jobs []*writeJob, errs []error) {
	fl.reqs <- flushReq{jobs: jobs, errs: errs}
}

// close answers what is queued and stops the flusher.
func (fl *flusher) close() {
	close(fl.reqs)
	<-fl.done
}

func (fl *flusher) run() {
	defer close(fl.done)
	defer func() {
		if fl.f != nil {
			fl.f.Close()
		}
	}()
	for r := range fl.reqs {
		batch := []flushReq{r}
	gather:
		for {
			select {
			case r, ok := <-fl.reqs:
				if !ok {
					break gather
				}
				batch = append(batch, r)
			default:
				break gather
			}
		}
		err := fl.sync()
		for _, r := range batch {
			for i, j := range r.jobs {
				if r.errs[i] == nil && err != nil {
					r.errs[i] = fmt.Errorf("flush the database log: %w", err)
				}
				j.done <- r.errs[i]
			}
		}
	}
}

// sync flushes the log file to disk. The file is reopened when SQLite replaced it (it
// deletes the log when the last connection closes), and then its folder is flushed too, so
// that the new file's entry survives.
func (fl *flusher) sync() error {
	info, err := os.Stat(fl.wal)
	if errors.Is(err, os.ErrNotExist) {
		return nil // nothing was logged: the commits went straight into the database
	}
	if err != nil {
		return err
	}
	if fl.f == nil || !os.SameFile(info, fl.info) {
		if fl.f != nil {
			fl.f.Close()
			fl.f = nil
		}
		f, err := os.OpenFile(fl.wal, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		if err := syncDir(fl.dir); err != nil {
			f.Close()
			return err
		}
		fl.f, fl.info = f, info
	}
	return fl.f.Sync()
}

// flushing reports whether commits are flushed by the flusher rather than not at all.
func flushing() bool { return Synchronous == "FULL" }
