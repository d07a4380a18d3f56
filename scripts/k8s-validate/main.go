// Command k8s-validate decodes Kubernetes manifests strictly into the API's own Go types, as the API
// server decodes a request: an unknown or misplaced field, a duplicate field or a wrong type is a
// problem. It reads a multi-document YAML stream on stdin (what `helm template` prints), prints one line
// per problem naming the object, and exits 1 when there is any. It needs no cluster, and it does not
// run the server's semantic validation (required fields, value ranges).
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"
)

type header struct {
	Kind     string `json:"kind"`
	Metadata struct {
		Name string `json:"name"`
	} `json:"metadata"`
}

func main() {
	strict := json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme.Scheme, scheme.Scheme,
		json.SerializerOptions{Yaml: true, Strict: true})
	reader := utilyaml.NewYAMLReader(bufio.NewReader(os.Stdin))
	objects, problems := 0, 0
	for {
		document, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "k8s-validate: reading stdin: %v\n", err)
			os.Exit(2)
		}
		var head *header
		if err := yaml.Unmarshal(document, &head); err != nil {
			problems++
			fmt.Printf("document %d: not YAML: %v\n", objects+problems, err)
			continue
		}
		if head == nil {
			continue // only comments, or empty
		}
		objects++
		if _, _, err := strict.Decode(document, nil, nil); err != nil {
			problems++
			fmt.Printf("%s/%s: %v\n", head.Kind, head.Metadata.Name, err)
		}
	}
	fmt.Fprintf(os.Stderr, "k8s-validate: %d object(s), %d problem(s)\n", objects, problems)
	if problems > 0 {
		os.Exit(1)
	}
}
