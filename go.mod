module marginalia

go 1.26.8

require (
	codeberg.org/readeck/go-readability/v2 v2.1.3
	github.com/google/uuid v1.6.0
	github.com/itlightning/dateparse v0.2.1
	github.com/yuin/goldmark v1.8.7
	go.etcd.io/bbolt v1.5.0
	golang.org/x/net v0.62.0
	golang.org/x/text v0.44.0
)

require (
	github.com/andybalholm/cascadia v1.3.3 // indirect
	github.com/go-shiori/dom v0.0.0-20230515143342-73569d674e1c // indirect
	github.com/gogs/chardet v0.0.0-20211120154057-b7413eaefb8f // indirect
	golang.org/x/sys v0.49.0 // indirect
)
