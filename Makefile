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
	@echo
	@echo "The echo Deployment is starting (3 replicas). Try, from the sandbox's client namespace:"
	@echo "  distro/target/reseau/bin/reseau-sandbox get pods"
	@echo "  distro/target/reseau/bin/reseau-sandbox exec client -- curl -s http://10.240.0.11:30080/hostname"
	@echo "  distro/target/reseau/bin/reseau-sandbox exec client -- curl -s http://10.240.0.12:30080/echo?msg=hello"
	@echo "Stop it with: distro/target/reseau/bin/reseau-sandbox down"

clean:
	$(MVN) clean
