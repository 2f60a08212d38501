module github.com/sufragio/sufragio

go 1.26.8

require (
	github.com/mattn/go-isatty v0.0.24
	golang.org/x/text v0.44.0
)

require golang.org/x/sys v0.49.0 // indirect
