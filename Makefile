# reseau: the commands every user and check relies on (see README.md).
#   make build          compile and assemble the bundle in distro/target/reseau/
#   make test           the whole suite: unit, component and end-to-end (needs root)
#   make bench          every benchmark; make bench-<component> one of them
#   make sandbox        the one-machine cluster
SHELL := /bin/sh
JDK := $(shell scripts/find-jdk)
ifeq ($(JDK),)
$(error no JDK 25 found, see the message above)
endif
export JAVA_HOME := $(JDK)
MVN := ./mvnw -B -ntp

.PHONY: build test bench sandbox clean

build:
	$(MVN) install -DskipTests

test:
	$(MVN) install

bench: build
	$(MVN) verify -Pbench -pl integration-tests

bench-%: build
	$(MVN) verify -Pbench -pl integration-tests -Dbench.component=$*

sandbox: build
	distro/target/reseau/bin/reseau-sandbox up
	distro/target/reseau/bin/reseau-sandbox apply -f distro/target/reseau/examples/sandbox
	distro/target/reseau/bin/reseau-sandbox apply -f distro/target/reseau/examples/seed/ingress-wildcard-host.yaml
	@echo
	@echo "reseau-ingress, the seed's Ingress and its backends, and the echo example are starting. From the client namespace (the outside world):"
	@echo "  distro/target/reseau/bin/reseau-sandbox get pods"
	@echo "  distro/target/reseau/bin/reseau-sandbox exec client -- curl -s -H 'Host: domain1.bar.com' http://10.240.0.11/bar"
	@echo "  distro/target/reseau/bin/reseau-sandbox exec client -- curl -s -H 'Host: domain2.foo.com' http://10.240.0.12/any/path"
	@echo "  distro/target/reseau/bin/reseau-sandbox exec client -- curl -s http://10.240.0.11:8000/hostname     (LoadBalancer)"
	@echo "  distro/target/reseau/bin/reseau-sandbox exec client -- curl -s http://10.240.0.12:30080/echo?msg=hello  (NodePort)"
	@echo "Stop it with: distro/target/reseau/bin/reseau-sandbox down"

clean:
	$(MVN) clean
